/*
 * liveness.h -- how the host decides that the board is dead or stalled, how it waits
 * without burning a core forever, and the heartbeat that tells the board the host lives.
 */
#ifndef LOIHI_LIVENESS_H
#define LOIHI_LIVENESS_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "mailbox.h"

/* What the host has seen of the board. */
struct board_watch {
    const char *mailbox_path;
    uint64_t timeout_ns;
    uint32_t own_pid;
    uint64_t session_id;
    uint64_t seen_beat;
    uint64_t seen_beat_ns;
    uint64_t pid_checked_ns;
};

uint64_t clock_ns(void);

void watch_init(struct board_watch *watch, const struct mbx *mailbox, const char *path, uint32_t timeout_ms,
                uint32_t own_pid, uint64_t now_ns);

/*
 * LOIHI_OK while the board serves this host's session; else LOIHI_E_SESSION_LOST,
 * LOIHI_E_BOARD_CLOSED, LOIHI_E_PEER_GONE (its pid is gone) or LOIHI_E_PEER_STALLED (its
 * heartbeat has not moved for the timeout), with the detail set.
 */
int watch_board(struct board_watch *watch, const struct mbx *mailbox, uint64_t now_ns);

/*
 * One pause of a wait that began at start_ns: a CPU pause for the first spin_ns (a reply
 * to one step usually lands within microseconds), then sched_yield for a millisecond, then
 * 50 us naps, and after 100 ms 1 ms naps, so a long wait costs little CPU.
 */
void wait_pause(uint64_t start_ns, uint64_t now_ns, uint64_t spin_ns);

/* A thread that moves *counter every MBX_HOST_BEAT_MS until stopped. */
struct heartbeat {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    _Atomic uint64_t *counter;
    int stop;
    int running;
};

int heartbeat_start(struct heartbeat *beat, _Atomic uint64_t *counter);
void heartbeat_stop(struct heartbeat *beat);

#endif /* LOIHI_LIVENESS_H */
