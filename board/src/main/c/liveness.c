/*
 * liveness.c -- board liveness checks, the host's wait strategy and its heartbeat thread.
 */
#define _GNU_SOURCE
#include "liveness.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "errors.h"
#include "loihi_driver.h"

/* kill(pid, 0) is a system call; once per this interval is enough to notice an exit. */
#define PID_CHECK_INTERVAL_NS 5000000ull
#define YIELD_PHASE_NS 1000000ull
#define SHORT_NAP_PHASE_NS 100000000ull
#define SHORT_NAP_NS 50000l
#define LONG_NAP_NS 1000000l

uint64_t clock_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t) t.tv_sec * 1000000000ull + (uint64_t) t.tv_nsec;
}

void watch_init(struct board_watch *w, const struct mbx *m, const char *path, uint32_t timeout_ms,
                uint32_t own_pid, uint64_t now_ns) {
    w->mailbox_path = path;
    w->timeout_ns = (uint64_t) timeout_ms * 1000000ull;
    w->own_pid = own_pid;
    w->session_id = atomic_load_explicit(&m->header->session_id, memory_order_acquire);
    w->seen_beat = atomic_load_explicit(&m->header->board_heartbeat, memory_order_acquire);
    w->seen_beat_ns = now_ns;
    w->pid_checked_ns = 0;
}

static int process_gone(uint32_t pid) {
    return kill((pid_t) pid, 0) != 0 && errno == ESRCH;
}

int watch_board(struct board_watch *w, const struct mbx *m, uint64_t now_ns) {
    struct mbx_header *h = m->header;
    uint32_t owner = atomic_load_explicit(&h->session_owner, memory_order_acquire);
    uint64_t session = atomic_load_explicit(&h->session_id, memory_order_acquire);
    if (owner != w->own_pid || session != w->session_id) {
        return error_set(LOIHI_E_SESSION_LOST,
                         "board ended this host's session: mailbox=%s, session=%llu, board_session=%llu, owner_pid=%u",
                         w->mailbox_path, (unsigned long long) w->session_id, (unsigned long long) session, owner);
    }
    if (atomic_load_explicit(&h->board_state, memory_order_acquire) == MBX_BOARD_SHUT_DOWN) {
        return error_set(LOIHI_E_BOARD_CLOSED, "board shut its mailbox down: mailbox=%s", w->mailbox_path);
    }
    uint32_t board_pid = atomic_load_explicit(&h->board_pid, memory_order_relaxed);
    if (now_ns - w->pid_checked_ns >= PID_CHECK_INTERVAL_NS) {
        w->pid_checked_ns = now_ns;
        if (board_pid != w->own_pid && process_gone(board_pid)) {
            return error_set(LOIHI_E_PEER_GONE, "board process has exited: mailbox=%s, board_pid=%u",
                             w->mailbox_path, board_pid);
        }
    }
    uint64_t beat = atomic_load_explicit(&h->board_heartbeat, memory_order_acquire);
    if (beat != w->seen_beat) {
        w->seen_beat = beat;
        w->seen_beat_ns = now_ns;
    } else if (now_ns - w->seen_beat_ns > w->timeout_ns) {
        return error_set(LOIHI_E_PEER_STALLED, "board made no progress: mailbox=%s, board_pid=%u, silent_ms=%llu, timeout_ms=%llu",
                         w->mailbox_path, board_pid, (unsigned long long) ((now_ns - w->seen_beat_ns) / 1000000ull),
                         (unsigned long long) (w->timeout_ns / 1000000ull));
    }
    return LOIHI_OK;
}

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

void wait_pause(uint64_t start_ns, uint64_t now_ns, uint64_t spin_ns) {
    uint64_t waited = now_ns - start_ns;
    if (waited < spin_ns) {
        cpu_relax();
    } else if (waited < spin_ns + YIELD_PHASE_NS) {
        sched_yield();
    } else {
        struct timespec nap = {0, waited < SHORT_NAP_PHASE_NS ? SHORT_NAP_NS : LONG_NAP_NS};
        nanosleep(&nap, NULL);
    }
}

static void *beat_loop(void *arg) {
    struct heartbeat *b = arg;
    pthread_mutex_lock(&b->lock);
    while (!b->stop) {
        atomic_fetch_add_explicit(b->counter, 1, memory_order_release);
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_nsec += (long) MBX_HOST_BEAT_MS * 1000000l;
        until.tv_sec += until.tv_nsec / 1000000000l;
        until.tv_nsec %= 1000000000l;
        while (!b->stop && pthread_cond_timedwait(&b->wake, &b->lock, &until) == 0) {
            /* woken early: re-check stop, keep the same deadline */
        }
    }
    pthread_mutex_unlock(&b->lock);
    return NULL;
}

int heartbeat_start(struct heartbeat *b, _Atomic uint64_t *counter) {
    memset(b, 0, sizeof *b);
    b->counter = counter;
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    int rc = pthread_cond_init(&b->wake, &attr);
    pthread_condattr_destroy(&attr);
    if (rc != 0) {
        return error_set(LOIHI_E_SYSTEM, "cannot create heartbeat condition: error=%d (%s)", rc, strerror(rc));
    }
    pthread_mutex_init(&b->lock, NULL);
    rc = pthread_create(&b->thread, NULL, beat_loop, b);
    if (rc != 0) {
        pthread_cond_destroy(&b->wake);
        pthread_mutex_destroy(&b->lock);
        return error_set(LOIHI_E_SYSTEM, "cannot start heartbeat thread: error=%d (%s)", rc, strerror(rc));
    }
    b->running = 1;
    return LOIHI_OK;
}

void heartbeat_stop(struct heartbeat *b) {
    if (!b->running) {
        return;
    }
    pthread_mutex_lock(&b->lock);
    b->stop = 1;
    pthread_cond_signal(&b->wake);
    pthread_mutex_unlock(&b->lock);
    pthread_join(b->thread, NULL);
    pthread_cond_destroy(&b->wake);
    pthread_mutex_destroy(&b->lock);
    b->running = 0;
}
