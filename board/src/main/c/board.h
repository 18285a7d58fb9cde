/*
 * board.h -- the driver's state for one open board and the message helpers every ABI call
 * uses (messages.c). Internal; the public ABI is loihi_driver.h.
 */
#ifndef LOIHI_BOARD_H
#define LOIHI_BOARD_H

#include <stdint.h>

#include "liveness.h"
#include "loihi_driver.h"
#include "mailbox.h"
#include "options.h"
#include "probes.h"

/* What a sender does when the host -> board ring is full. */
enum when_full {
    FULL_WAIT,   /* the board is not producing output: it will make room */
    FULL_REPORT, /* return LOIHI_STATUS_FULL if the board is itself blocked on output */
    FULL_DRAIN   /* discard output (a run being stopped) until there is room */
};

struct loihi_board {
    struct options options;
    struct mbx mailbox;
    struct board_watch watch;
    struct heartbeat beat;
    uint32_t own_pid;
    uint64_t sent_seq;
    uint64_t received_seq;
    int running;
    int session_usable;
    loihi_board_error board_error;
    struct probe_memory probes;
    char *warnings;
    uint32_t warnings_length;
};

static inline uint64_t spin_ns(const loihi_board *b) {
    return (uint64_t) b->options.spin_us * 1000ull;
}

/* Spikes one slot carries: its payload holds LOIHI_WORDS_PER_SPIKE words per spike. */
static inline uint32_t max_packet_spikes(const loihi_board *b) {
    return mbx_payload_capacity(&b->mailbox) / (4u * LOIHI_WORDS_PER_SPIKE);
}

/* Fails with LOIHI_E_STATE when an earlier failure left the session unusable. */
int check_usable(loihi_board *board, const char *call);

/* Waits up to wait_us for the next board -> host slot; checks its sequence number, keeps it unread. */
int next_message(loihi_board *board, const struct mbx_slot **out, uint32_t wait_us);
/* next_message for the answer to a request: LOIHI_E_PEER_STALLED when none comes within request_timeout_ms. */
int await_answer(loihi_board *board, const struct mbx_slot **out, const char *request);
/* Marks the slot returned by next_message read. */
void release_message(loihi_board *board);
/* A message the current call did not expect: the session is unusable from here on. */
int unexpected(loihi_board *board, const struct mbx_slot *slot, const char *waiting_for);
/* Takes an ERROR message and returns LOIHI_E_BOARD with its detail. */
int board_refused(loihi_board *board, const struct mbx_slot *slot);
/* Writes one host -> board message; `policy` says what to do while the ring is full. */
int send_message(loihi_board *board, uint32_t type, uint64_t step, uint32_t port, uint32_t packet,
                 uint32_t packet_count, uint32_t aux, const void *payload, uint32_t payload_bytes,
                 enum when_full policy);
/* Reads and drops one message of a run being stopped (run.c). */
int discard_output(loihi_board *board);

#endif /* LOIHI_BOARD_H */
