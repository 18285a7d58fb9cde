/*
 * run.c -- runs over the mailbox: start, the per-step channel packets both ways, probe memory,
 * stop and warnings.
 */
#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "errors.h"

_Static_assert(sizeof(loihi_packet) == 40, "loihi_packet layout");
_Static_assert(offsetof(loihi_packet, step) == 8, "loihi_packet.step offset");
_Static_assert(offsetof(loihi_packet, flags) == 24, "loihi_packet.flags offset");
_Static_assert(offsetof(loihi_packet, spikes_in) == 32, "loihi_packet.spikes_in offset");
_Static_assert(sizeof(loihi_probe) == 8, "loihi_probe layout");

/* RUN_DONE: payload = spikes_in (u64), then the warnings as UTF-8 lines. */
static int take_run_done(loihi_board *b, const struct mbx_slot *slot, loihi_packet *out) {
    if (slot->payload_bytes < sizeof(uint64_t)) {
        b->session_usable = 0;
        return error_set(LOIHI_E_PROTOCOL, "RUN_DONE too short: mailbox=%s, payload_bytes=%u",
                         b->options.mailbox, slot->payload_bytes);
    }
    uint64_t spikes_in;
    memcpy(&spikes_in, slot->payload, sizeof spikes_in);
    uint32_t n = slot->payload_bytes - (uint32_t) sizeof spikes_in;
    char *text = malloc((size_t) n + 1);
    if (text == NULL) {
        return error_set(LOIHI_E_SYSTEM, "out of memory: warnings_bytes=%u", n);
    }
    memcpy(text, slot->payload + sizeof spikes_in, n);
    text[n] = '\0';
    free(b->warnings);
    b->warnings = text;
    b->warnings_length = n;
    if (out != NULL) {
        memset(out, 0, sizeof *out);
        out->kind = LOIHI_PACKET_RUN_DONE;
        out->step = slot->step;
        out->flags = slot->aux;
        out->spikes_in = spikes_in;
    }
    b->running = 0;
    release_message(b);
    return LOIHI_OK;
}

static int take_probe(loihi_board *b, const struct mbx_slot *slot) {
    int status = probes_store(&b->probes, slot->step, slot->packet, slot->packet_count,
                              (const int32_t *) slot->payload, slot->payload_bytes / 4);
    if (status != LOIHI_OK) {
        b->session_usable = 0;
        return status;
    }
    release_message(b);
    return LOIHI_OK;
}

int loihi_run_start(loihi_board *b, uint64_t steps, uint32_t mode, uint32_t max_spikes_per_packet,
                    uint32_t flags, const loihi_probe *probes, uint32_t probe_count) {
    error_clear();
    int status = check_usable(b, "loihi_run_start");
    if (status != LOIHI_OK) {
        return status;
    }
    if (b->running) {
        return error_set(LOIHI_E_STATE, "a run is already active: mailbox=%s", b->options.mailbox);
    }
    if (mode != LOIHI_MODE_PRECOMPUTE && mode != LOIHI_MODE_INTERACTIVE) {
        return error_set(LOIHI_E_ARGUMENT, "unknown run mode: mode=%u, known=1 (precompute),2 (interactive)", mode);
    }
    if ((flags & ~LOIHI_RUN_RESET_STATE) != 0) {
        return error_set(LOIHI_E_ARGUMENT, "unknown run flags: flags=0x%x", flags);
    }
    uint32_t max_packet = max_packet_spikes(b);
    if (max_spikes_per_packet == 0 || max_spikes_per_packet > max_packet) {
        return error_set(LOIHI_E_TOO_LARGE, "spikes per packet out of range: max_spikes_per_packet=%u, min=1, max=%u",
                         max_spikes_per_packet, max_packet);
    }
    if (probe_count > mbx_payload_capacity(&b->mailbox) / sizeof(loihi_probe) || (probe_count > 0 && probes == NULL)) {
        return error_set(LOIHI_E_TOO_LARGE, "too many probes for one message: probes=%u, max=%zu",
                         probe_count, mbx_payload_capacity(&b->mailbox) / sizeof(loihi_probe));
    }
    for (uint32_t i = 0; i < probe_count; i++) {
        if (probes[i].flags == 0 || (probes[i].flags & ~(LOIHI_PROBE_VOLTAGE | LOIHI_PROBE_SPIKE_BITS)) != 0) {
            return error_set(LOIHI_E_ARGUMENT, "bad probe flags: probe=%u, output_port=%u, flags=0x%x",
                             i, probes[i].output_port, probes[i].flags);
        }
    }
    int voltage_probed = 0;
    for (uint32_t i = 0; i < probe_count; i++) {
        voltage_probed |= (probes[i].flags & LOIHI_PROBE_VOLTAGE) != 0;
    }
    probes_reset(&b->probes, voltage_probed);
    status = send_message(b, MBX_RUN_START, steps, mode, max_spikes_per_packet, probe_count, flags, probes,
                          (uint32_t) (probe_count * sizeof(loihi_probe)), FULL_WAIT);
    if (status != LOIHI_OK) {
        return status;
    }
    const struct mbx_slot *slot;
    status = await_answer(b, &slot, "RUN_START");
    if (status != LOIHI_OK) {
        return status;
    }
    if (slot->type == MBX_ERROR) {
        return board_refused(b, slot);
    }
    if (slot->type != MBX_RUN_READY) {
        return unexpected(b, slot, "RUN_READY");
    }
    release_message(b);
    b->running = 1;
    return LOIHI_OK;
}

int loihi_write_packet(loihi_board *b, uint64_t step, uint32_t chip, uint32_t packet, uint32_t packet_count,
                       const uint32_t *words, uint32_t spike_count) {
    int status = check_usable(b, "loihi_write_packet");
    if (status != LOIHI_OK) {
        return status;
    }
    if (!b->running) {
        return error_set(LOIHI_E_STATE, "spike packet outside a run: mailbox=%s, step=%llu",
                         b->options.mailbox, (unsigned long long) step);
    }
    if (spike_count > 0 && words == NULL) {
        return error_set(LOIHI_E_ARGUMENT, "loihi_write_packet: words is NULL, spike_count=%u", spike_count);
    }
    uint32_t max_packet = max_packet_spikes(b);
    if (spike_count > max_packet) {
        return error_set(LOIHI_E_TOO_LARGE, "spike packet larger than a mailbox slot: spikes=%u, max_packet_spikes=%u",
                         spike_count, max_packet);
    }
    return send_message(b, MBX_SPIKES_IN, step, chip, packet, packet_count, spike_count, words,
                        spike_count * LOIHI_WORDS_PER_SPIKE * 4u, FULL_REPORT);
}

int loihi_read_packet(loihi_board *b, loihi_packet *out, uint32_t *values, uint32_t capacity, uint32_t wait_us) {
    int status = check_usable(b, "loihi_read_packet");
    if (status != LOIHI_OK) {
        return status;
    }
    if (out == NULL || (capacity > 0 && values == NULL)) {
        return error_set(LOIHI_E_ARGUMENT, "loihi_read_packet: out or values is NULL");
    }
    for (;;) {
        const struct mbx_slot *slot;
        status = next_message(b, &slot, wait_us);
        if (status != LOIHI_OK) {
            return status;
        }
        switch (slot->type) {
        case MBX_SPIKE_BITS: {
            uint32_t count = slot->payload_bytes / 4;
            memset(out, 0, sizeof *out);
            out->count = count;
            if (count > capacity) {
                return error_set(LOIHI_E_TOO_LARGE, "spike bits buffer too small: needed=%u, capacity=%u",
                                 count, capacity);
            }
            out->kind = LOIHI_PACKET_SPIKE_BITS;
            out->step = slot->step;
            out->packet = slot->packet;
            out->packet_count = slot->packet_count;
            memcpy(values, slot->payload, (size_t) count * 4);
            release_message(b);
            return LOIHI_OK;
        }
        case MBX_PROBE_VOLTAGE:
            status = take_probe(b, slot);
            if (status != LOIHI_OK) {
                return status;
            }
            break;
        case MBX_STEP_DONE:
            memset(out, 0, sizeof *out);
            out->kind = LOIHI_PACKET_STEP_DONE;
            out->step = slot->step;
            out->spikes_in = slot->aux;
            release_message(b);
            return LOIHI_OK;
        case MBX_RUN_DONE:
            return take_run_done(b, slot, out);
        case MBX_ERROR:
            return board_refused(b, slot);
        default:
            return unexpected(b, slot, "SPIKE_BITS, PROBE_VOLTAGE, STEP_DONE or RUN_DONE");
        }
    }
}

/* Reads and drops one board message of a run being stopped; keeps probes, warnings, errors. */
static int discard_until_done(loihi_board *b, loihi_packet *done) {
    const struct mbx_slot *slot;
    int status = await_answer(b, &slot, "RUN_STOP");
    if (status != LOIHI_OK) {
        return status;
    }
    switch (slot->type) {
    case MBX_SPIKE_BITS:
    case MBX_STEP_DONE:
        release_message(b);
        return LOIHI_OK;
    case MBX_PROBE_VOLTAGE:
        return take_probe(b, slot);
    case MBX_RUN_DONE:
        return take_run_done(b, slot, done);
    case MBX_ERROR:
        return board_refused(b, slot);
    default:
        return unexpected(b, slot, "output of a run being stopped");
    }
}

int discard_output(loihi_board *b) {
    return discard_until_done(b, NULL);
}

int loihi_run_stop(loihi_board *b, loihi_packet *done) {
    error_clear();
    if (done != NULL) {
        memset(done, 0, sizeof *done);
    }
    int status = check_usable(b, "loihi_run_stop");
    if (status != LOIHI_OK || !b->running) {
        return status;
    }
    status = send_message(b, MBX_RUN_STOP, 0, 0, 0, 0, 0, NULL, 0, FULL_DRAIN);
    while (status == LOIHI_OK && b->running) {
        status = discard_until_done(b, done);
    }
    return status;
}

int loihi_read_probe(loihi_board *b, uint32_t kind, uint64_t *step, int32_t *values, uint32_t capacity,
                     uint32_t *count) {
    error_clear();
    if (b == NULL || step == NULL || count == NULL || (capacity > 0 && values == NULL)) {
        return error_set(LOIHI_E_ARGUMENT, "loihi_read_probe: a pointer is NULL");
    }
    if (kind != LOIHI_PROBE_VOLTAGE || !b->probes.enabled) {
        return error_set(LOIHI_E_ARGUMENT, "no such probe memory in this run: kind=%u, voltage_probed=%d",
                         kind, b->probes.enabled);
    }
    struct probe_memory *m = &b->probes;
    if (!m->has_step) {
        return LOIHI_STATUS_EMPTY;
    }
    *count = m->count;
    *step = m->step;
    if (m->count > capacity) {
        return error_set(LOIHI_E_TOO_LARGE, "probe buffer too small: needed=%u, capacity=%u", m->count, capacity);
    }
    if (m->count > 0) {
        memcpy(values, m->values, (size_t) m->count * sizeof(int32_t));
    }
    return LOIHI_OK;
}

int loihi_run_warnings(loihi_board *b, char *text, uint32_t capacity, uint32_t *length) {
    error_clear();
    if (b == NULL || (capacity > 0 && text == NULL)) {
        return error_set(LOIHI_E_ARGUMENT, "loihi_run_warnings: board or text is NULL");
    }
    if (length != NULL) {
        *length = b->warnings_length;
    }
    if (capacity > 0) {
        uint32_t n = b->warnings_length < capacity - 1 ? b->warnings_length : capacity - 1;
        if (n > 0) {
            memcpy(text, b->warnings, n);
        }
        text[n] = '\0';
    }
    return LOIHI_OK;
}
