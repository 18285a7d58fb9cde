/*
 * driver.c -- the loihi_driver.h ABI over a board's shared-memory mailbox: opening and closing
 * a session, describing the board, loading an image, resetting. The board behind the mailbox
 * is the emulator's MailboxServer. Runs are in run.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "board.h"
#include "crc32.h"
#include "errors.h"

_Static_assert(sizeof(loihi_board_info) == 96, "loihi_board_info layout");
_Static_assert(sizeof(loihi_board_error) == 592, "loihi_board_error layout");

uint32_t loihi_abi_version(void) {
    return LOIHI_ABI_VERSION;
}

/* ---- open, describe, close ------------------------------------------------------------ */

static int check_board_serves(loihi_board *b) {
    struct mbx_header *h = b->mailbox.header;
    if (atomic_load_explicit(&h->board_state, memory_order_acquire) != MBX_BOARD_SERVING) {
        return error_set(LOIHI_E_BOARD_CLOSED, "board shut its mailbox down: mailbox=%s", b->options.mailbox);
    }
    uint32_t board_pid = atomic_load_explicit(&h->board_pid, memory_order_relaxed);
    if (board_pid != b->own_pid && kill((pid_t) board_pid, 0) != 0 && errno == ESRCH) {
        return error_set(LOIHI_E_PEER_GONE, "no board serves the mailbox, its process has exited: mailbox=%s, board_pid=%u",
                         b->options.mailbox, board_pid);
    }
    return LOIHI_OK;
}

static int claim_session(loihi_board *b) {
    uint32_t free_owner = 0;
    if (!atomic_compare_exchange_strong_explicit(&b->mailbox.header->session_owner, &free_owner, b->own_pid,
                                                 memory_order_acq_rel, memory_order_acquire)) {
        return error_set(LOIHI_E_BUSY, "another host holds the board: mailbox=%s, owner_pid=%u",
                         b->options.mailbox, free_owner);
    }
    watch_init(&b->watch, &b->mailbox, b->options.mailbox, b->options.timeout_ms, b->own_pid, clock_ns());
    return LOIHI_OK;
}

static int hello(loihi_board *b) {
    int status = send_message(b, MBX_HELLO, 0, b->own_pid, 0, 0, LOIHI_ABI_VERSION, NULL, 0, FULL_WAIT);
    if (status != LOIHI_OK) {
        return status;
    }
    const struct mbx_slot *slot;
    status = await_answer(b, &slot, "HELLO");
    if (status != LOIHI_OK) {
        return status;
    }
    if (slot->type == MBX_ERROR) {
        return board_refused(b, slot);
    }
    if (slot->type != MBX_HELLO_ACK) {
        return unexpected(b, slot, "HELLO_ACK");
    }
    release_message(b);
    return LOIHI_OK;
}

static void release_board(loihi_board *b) {
    heartbeat_stop(&b->beat);
    mbx_unmap(&b->mailbox);
    probes_free(&b->probes);
    free(b->warnings);
    free(b);
}

int loihi_open(const char *options, loihi_board **out) {
    error_clear();
    if (out == NULL) {
        return error_set(LOIHI_E_ARGUMENT, "loihi_open: out is NULL");
    }
    *out = NULL;
    loihi_board *b = calloc(1, sizeof *b);
    if (b == NULL) {
        return error_set(LOIHI_E_SYSTEM, "out of memory: bytes=%zu", sizeof *b);
    }
    b->mailbox.fd = -1;
    b->own_pid = (uint32_t) getpid();
    int status = options_parse(options, &b->options);
    if (status == LOIHI_OK) {
        status = mbx_map(&b->mailbox, b->options.mailbox, b->options.timeout_ms);
    }
    if (status == LOIHI_OK) {
        status = check_board_serves(b);
    }
    if (status == LOIHI_OK) {
        status = claim_session(b);
    }
    if (status == LOIHI_OK) {
        /* From here on only the board frees the session: it ends one whose host stops beating. */
        status = heartbeat_start(&b->beat, &b->mailbox.header->host_heartbeat);
    }
    if (status == LOIHI_OK) {
        status = hello(b);
    }
    if (status != LOIHI_OK) {
        release_board(b);
        return status;
    }
    b->session_usable = 1;
    *out = b;
    return LOIHI_OK;
}

int loihi_describe(loihi_board *b, loihi_board_info *info) {
    error_clear();
    if (b == NULL || info == NULL) {
        return error_set(LOIHI_E_ARGUMENT, "loihi_describe: board or info is NULL");
    }
    const struct mbx_header *h = b->mailbox.header;
    memset(info, 0, sizeof *info);
    info->abi_version = LOIHI_ABI_VERSION;
    info->chips = h->chips;
    info->cores_per_chip = h->cores_per_chip;
    info->max_packet_spikes = max_packet_spikes(b);
    info->max_image_bytes = h->max_image_bytes;
    info->capabilities = h->capabilities;
    memcpy(info->name, h->board_name, sizeof info->name - 1);
    info->name[sizeof info->name - 1] = '\0';
    return LOIHI_OK;
}

/*
 * After CLOSED: waits until the board has freed the session, so that when loihi_close returns
 * the next host can open the board at once. The board frees it once this host has read
 * CLOSED; seeing the session gone is the success here.
 */
static int await_release(loihi_board *b) {
    uint64_t start = clock_ns();
    for (;;) {
        uint64_t now = clock_ns();
        int status = watch_board(&b->watch, &b->mailbox, now);
        if (status == LOIHI_E_SESSION_LOST) {
            error_clear();
            return LOIHI_OK;
        }
        if (status != LOIHI_OK) {
            return status;
        }
        if (now - start > (uint64_t) b->options.request_timeout_ms * 1000000ull) {
            return error_set(LOIHI_E_PEER_STALLED, "board did not free the session: mailbox=%s, request_timeout_ms=%u",
                             b->options.mailbox, b->options.request_timeout_ms);
        }
        wait_pause(start, now, spin_ns(b));
    }
}

int loihi_close(loihi_board *b) {
    error_clear();
    if (b == NULL) {
        return LOIHI_OK;
    }
    int status = LOIHI_OK;
    if (b->session_usable) {
        status = loihi_run_stop(b, NULL);
        if (status == LOIHI_OK || status == LOIHI_E_BOARD) {
            status = send_message(b, MBX_CLOSE, 0, 0, 0, 0, 0, NULL, 0, FULL_DRAIN);
        }
        while (status == LOIHI_OK) {
            const struct mbx_slot *slot;
            status = await_answer(b, &slot, "CLOSE");
            if (status != LOIHI_OK) {
                break;
            }
            uint32_t type = slot->type;
            release_message(b);
            if (type == MBX_CLOSED) {
                status = await_release(b);
                break;
            }
        }
    }
    release_board(b);
    return status;
}

/* ---- image ---------------------------------------------------------------------------- */

int loihi_write_image(loihi_board *b, const uint8_t *bytes, size_t length, uint32_t *cores_out) {
    error_clear();
    int status = check_usable(b, "loihi_write_image");
    if (status != LOIHI_OK) {
        return status;
    }
    if (bytes == NULL || length == 0) {
        return error_set(LOIHI_E_ARGUMENT, "loihi_write_image: empty image");
    }
    if (b->running) {
        return error_set(LOIHI_E_STATE, "cannot load an image during a run: mailbox=%s", b->options.mailbox);
    }
    uint32_t max_bytes = b->mailbox.header->max_image_bytes;
    if (length > max_bytes) {
        return error_set(LOIHI_E_TOO_LARGE, "image larger than the board takes: bytes=%zu, max_image_bytes=%u",
                         length, max_bytes);
    }
    uint32_t chunk_bytes = mbx_payload_capacity(&b->mailbox);
    uint32_t chunks = (uint32_t) ((length + chunk_bytes - 1) / chunk_bytes);
    uint32_t crc = crc32_ieee(bytes, length);
    for (uint32_t i = 0; i < chunks; i++) {
        size_t offset = (size_t) i * chunk_bytes;
        uint32_t n = (uint32_t) (length - offset < chunk_bytes ? length - offset : chunk_bytes);
        status = send_message(b, MBX_IMAGE_CHUNK, (uint64_t) length, 0, i, chunks, crc, bytes + offset, n, FULL_WAIT);
        if (status != LOIHI_OK) {
            return status;
        }
    }
    const struct mbx_slot *slot;
    status = await_answer(b, &slot, "IMAGE");
    if (status != LOIHI_OK) {
        return status;
    }
    if (slot->type == MBX_ERROR) {
        return board_refused(b, slot);
    }
    if (slot->type != MBX_IMAGE_ACK) {
        return unexpected(b, slot, "IMAGE_ACK");
    }
    if (cores_out != NULL) {
        *cores_out = slot->packet;
    }
    release_message(b);
    return LOIHI_OK;
}

int loihi_reset(loihi_board *b) {
    error_clear();
    int status = check_usable(b, "loihi_reset");
    if (status != LOIHI_OK) {
        return status;
    }
    if (b->running) {
        return error_set(LOIHI_E_STATE, "cannot reset during a run: mailbox=%s", b->options.mailbox);
    }
    status = send_message(b, MBX_RESET, 0, 0, 0, 0, 0, NULL, 0, FULL_WAIT);
    if (status != LOIHI_OK) {
        return status;
    }
    const struct mbx_slot *slot;
    status = await_answer(b, &slot, "RESET");
    if (status != LOIHI_OK) {
        return status;
    }
    if (slot->type == MBX_ERROR) {
        return board_refused(b, slot);
    }
    if (slot->type != MBX_RESET_DONE) {
        return unexpected(b, slot, "RESET_DONE");
    }
    release_message(b);
    return LOIHI_OK;
}

int loihi_last_board_error(const loihi_board *b, loihi_board_error *out) {
    if (b == NULL || out == NULL) {
        return error_set(LOIHI_E_ARGUMENT, "loihi_last_board_error: board or out is NULL");
    }
    *out = b->board_error;
    return LOIHI_OK;
}
