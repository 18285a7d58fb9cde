/*
 * messages.c -- sending and receiving ring messages for an open board, waiting only while the
 * board is seen alive.
 */
#include <string.h>

#include "board.h"
#include "errors.h"

int check_usable(loihi_board *b, const char *call) {
    if (b == NULL) {
        return error_set(LOIHI_E_ARGUMENT, "%s: board is NULL", call);
    }
    if (!b->session_usable) {
        return error_set(LOIHI_E_STATE, "%s: the session failed earlier, close and reopen: mailbox=%s",
                         call, b->options.mailbox);
    }
    return LOIHI_OK;
}

/* Waits for the next board -> host slot; checks its sequence number but does not release it. */
int next_message(loihi_board *b, const struct mbx_slot **out, uint32_t wait_us) {
    uint64_t start = 0;
    for (;;) {
        const struct mbx_slot *slot = mbx_b2h_peek(&b->mailbox);
        if (slot != NULL) {
            if (slot->seq != b->received_seq + 1) {
                b->session_usable = 0;
                return error_set(LOIHI_E_PROTOCOL, "board message out of sequence: mailbox=%s, seq=%llu, expected=%llu",
                                 b->options.mailbox, (unsigned long long) slot->seq,
                                 (unsigned long long) (b->received_seq + 1));
            }
            if (slot->payload_bytes > mbx_payload_capacity(&b->mailbox)) {
                b->session_usable = 0;
                return error_set(LOIHI_E_PROTOCOL, "board message longer than a slot: mailbox=%s, seq=%llu, payload_bytes=%u, capacity=%u",
                                 b->options.mailbox, (unsigned long long) slot->seq, slot->payload_bytes,
                                 mbx_payload_capacity(&b->mailbox));
            }
            *out = slot;
            return LOIHI_OK;
        }
        uint64_t now = clock_ns();
        if (start == 0) {
            start = now;
        }
        int status = watch_board(&b->watch, &b->mailbox, now);
        if (status != LOIHI_OK) {
            b->session_usable = 0;
            return status;
        }
        if (wait_us != LOIHI_WAIT_FOREVER && now - start >= (uint64_t) wait_us * 1000ull) {
            return LOIHI_STATUS_EMPTY;
        }
        wait_pause(start, now, spin_ns(b));
    }
}

int await_answer(loihi_board *b, const struct mbx_slot **out, const char *request) {
    int status = next_message(b, out, b->options.request_timeout_ms * 1000u);
    if (status == LOIHI_STATUS_EMPTY) {
        b->session_usable = 0;
        return error_set(LOIHI_E_PEER_STALLED, "board did not answer: mailbox=%s, request=%s, request_timeout_ms=%u",
                         b->options.mailbox, request, b->options.request_timeout_ms);
    }
    return status;
}

void release_message(loihi_board *b) {
    b->received_seq++;
    mbx_b2h_release(&b->mailbox);
}

int unexpected(loihi_board *b, const struct mbx_slot *slot, const char *waiting_for) {
    b->session_usable = 0;
    return error_set(LOIHI_E_PROTOCOL, "unexpected board message: mailbox=%s, type=%u, seq=%llu, waiting_for=%s",
                     b->options.mailbox, slot->type, (unsigned long long) slot->seq, waiting_for);
}

/* Copies n bytes of text to a NUL-terminated field, cutting it to fit. */
static void copy_text(char *field, size_t field_bytes, const uint8_t *text, uint32_t n) {
    size_t kept = n < field_bytes - 1 ? n : field_bytes - 1;
    memcpy(field, text, kept);
    field[kept] = '\0';
}

/*
 * Takes an ERROR message: the board refused the last request and ended any run. Fields:
 * aux = ErrorCode, port = 1 when step applies, packet = bytes of the detail code, payload =
 * detail code then message.
 */
int board_refused(loihi_board *b, const struct mbx_slot *slot) {
    loihi_board_error *e = &b->board_error;
    memset(e, 0, sizeof *e);
    e->code = slot->aux;
    e->has_step = slot->port != 0;
    e->step = slot->step;
    uint32_t code_bytes = slot->packet <= slot->payload_bytes ? slot->packet : slot->payload_bytes;
    copy_text(e->detail_code, sizeof e->detail_code, slot->payload, code_bytes);
    copy_text(e->message, sizeof e->message, slot->payload + code_bytes, slot->payload_bytes - code_bytes);
    b->running = 0;
    int status = error_set(LOIHI_E_BOARD, "board refused request: mailbox=%s, board_error=%u, detail_code=%s, message=%s",
                           b->options.mailbox, e->code, e->detail_code, e->message);
    release_message(b);
    return status;
}

int send_message(loihi_board *b, uint32_t type, uint64_t step, uint32_t port, uint32_t packet,
                        uint32_t packet_count, uint32_t aux, const void *payload, uint32_t payload_bytes,
                        enum when_full policy) {
    uint64_t start = 0;
    for (;;) {
        struct mbx_slot *slot = mbx_h2b_claim(&b->mailbox);
        if (slot != NULL) {
            slot->type = type;
            slot->payload_bytes = payload_bytes;
            slot->seq = b->sent_seq + 1;
            slot->step = step;
            slot->port = port;
            slot->packet = packet;
            slot->packet_count = packet_count;
            slot->aux = aux;
            if (payload_bytes > 0) {
                memcpy(slot->payload, payload, payload_bytes);
            }
            b->sent_seq++;
            mbx_h2b_publish(&b->mailbox);
            return LOIHI_OK;
        }
        if (mbx_b2h_full(&b->mailbox)) {
            if (policy == FULL_REPORT) {
                return LOIHI_STATUS_FULL;
            }
            if (policy == FULL_DRAIN) {
                int status = discard_output(b);
                if (status != LOIHI_OK) {
                    return status;
                }
                continue;
            }
        }
        uint64_t now = clock_ns();
        if (start == 0) {
            start = now;
        }
        int status = watch_board(&b->watch, &b->mailbox, now);
        if (status != LOIHI_OK) {
            b->session_usable = 0;
            return status;
        }
        if (now - start > (uint64_t) b->options.request_timeout_ms * 1000000ull) {
            b->session_usable = 0;
            return error_set(LOIHI_E_PEER_STALLED, "board stopped taking messages: mailbox=%s, type=%u, request_timeout_ms=%u",
                             b->options.mailbox, type, b->options.request_timeout_ms);
        }
        wait_pause(start, now, spin_ns(b));
    }
}
