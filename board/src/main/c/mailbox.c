/*
 * mailbox.c -- receives and maps a board's sealed mailbox memory, checks its header, and runs the host's ends of
 * the two rings.
 */
#define _GNU_SOURCE
#include "mailbox.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "errors.h"
#include "loihi_driver.h"

/* The seals the board puts on its memory: nobody, the board included, can ever resize it. */
#define MBX_REQUIRED_SEALS (F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL)

/* The Java side (MailboxDescriptor) reads the same offsets; a mismatch must not compile. */
_Static_assert(offsetof(struct mbx_header, board_pid) == 48, "board_pid offset");
_Static_assert(offsetof(struct mbx_header, board_heartbeat) == 56, "board_heartbeat offset");
_Static_assert(offsetof(struct mbx_header, board_name) == 64, "board_name offset");
_Static_assert(offsetof(struct mbx_header, capabilities) == 140, "capabilities offset");
_Static_assert(offsetof(struct mbx_header, session_owner) == 192, "session_owner offset");
_Static_assert(offsetof(struct mbx_header, session_id) == 200, "session_id offset");
_Static_assert(offsetof(struct mbx_header, host_heartbeat) == 208, "host_heartbeat offset");
_Static_assert(offsetof(struct mbx_header, h2b) == 256, "h2b ring offset");
_Static_assert(offsetof(struct mbx_header, b2h) == 384, "b2h ring offset");
_Static_assert(offsetof(struct mbx_ring_ctl, tail) == 64, "ring tail offset");
_Static_assert(sizeof(struct mbx_header) == 512, "header size");
_Static_assert(sizeof(struct mbx_slot) == MBX_SLOT_HEADER_BYTES, "slot header size");
_Static_assert(sizeof(_Atomic uint64_t) == 8, "lock-free 64-bit counters");

static int is_power_of_two(uint32_t n) {
    return n != 0 && (n & (n - 1)) == 0;
}

static int check_header(const struct mbx_header *h, const char *path, uint64_t file_bytes) {
    uint64_t magic = atomic_load_explicit(&h->magic, memory_order_acquire);
    if (magic != MBX_MAGIC) {
        return error_set(LOIHI_E_MAILBOX_FORMAT, "not a loihi mailbox: mailbox=%s, magic=0x%016llx",
                         path, (unsigned long long) magic);
    }
    if (h->layout_version != MBX_LAYOUT_VERSION) {
        return error_set(LOIHI_E_MAILBOX_FORMAT, "mailbox layout version mismatch: mailbox=%s, layout=%u, expected=%u",
                         path, h->layout_version, MBX_LAYOUT_VERSION);
    }
    uint64_t ring_bytes = (uint64_t) h->slot_bytes * h->slot_count;
    if (h->header_bytes != MBX_HEADER_BYTES || h->slot_bytes < 2 * MBX_SLOT_HEADER_BYTES
        || h->slot_bytes % 64 != 0 || !is_power_of_two(h->slot_count)
        || h->h2b_offset != h->header_bytes || h->b2h_offset != h->h2b_offset + ring_bytes
        || h->file_bytes != h->b2h_offset + ring_bytes || h->file_bytes != file_bytes) {
        return error_set(LOIHI_E_MAILBOX_FORMAT,
                         "inconsistent mailbox header: mailbox=%s, slot_bytes=%u, slot_count=%u, file_bytes=%llu, actual_bytes=%llu",
                         path, h->slot_bytes, h->slot_count, (unsigned long long) h->file_bytes,
                         (unsigned long long) file_bytes);
    }
    return LOIHI_OK;
}

/*
 * The board's memory descriptor, from the socket at `path`: the board sends one byte carrying
 * it (SCM_RIGHTS) to each peer that connects. A board that died leaves a socket nobody
 * listens on: that is E_PEER_GONE. Anything else at the path is not a mailbox: nothing at a
 * path is ever mapped, so no other process can truncate a mapping by path.
 */
static int receive_memory(const char *path, uint32_t timeout_ms, int *memory_fd) {
    struct stat st;
    if (stat(path, &st) != 0) {
        return error_set(LOIHI_E_MAILBOX_OPEN, "cannot open mailbox: mailbox=%s, errno=%d (%s)",
                         path, errno, strerror(errno));
    }
    if (!S_ISSOCK(st.st_mode)) {
        return error_set(LOIHI_E_MAILBOX_FORMAT,
                         "not a loihi mailbox: mailbox=%s, kind=%s (a board serves a unix socket at its mailbox path)",
                         path, S_ISREG(st.st_mode) ? "regular file" : "not a socket");
    }
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof address.sun_path) {
        return error_set(LOIHI_E_OPTIONS, "mailbox path too long for a unix socket: mailbox=%s, max=%zu",
                         path, sizeof address.sun_path - 1);
    }
    strcpy(address.sun_path, path);
    int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (sock < 0) {
        return error_set(LOIHI_E_SYSTEM, "cannot create a socket: mailbox=%s, errno=%d (%s)", path, errno, strerror(errno));
    }
    if (connect(sock, (const struct sockaddr *) &address, sizeof address) != 0) {
        int saved = errno;
        close(sock);
        if (saved == ECONNREFUSED) {
            return error_set(LOIHI_E_PEER_GONE, "no board serves the mailbox, nobody listens on its socket: mailbox=%s", path);
        }
        return error_set(LOIHI_E_MAILBOX_OPEN, "cannot connect to the mailbox: mailbox=%s, errno=%d (%s)",
                         path, saved, strerror(saved));
    }
    struct timeval wait = {.tv_sec = timeout_ms / 1000, .tv_usec = (timeout_ms % 1000) * 1000};
    setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    char byte;
    struct iovec iov = {.iov_base = &byte, .iov_len = 1};
    union {
        struct cmsghdr align;
        char bytes[CMSG_SPACE(sizeof(int))];
    } control;
    memset(&control, 0, sizeof control);
    struct msghdr message = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.bytes,
                             .msg_controllen = sizeof control.bytes};
    ssize_t got = recvmsg(sock, &message, MSG_CMSG_CLOEXEC);
    int saved = errno;
    close(sock);
    struct cmsghdr *c = got == 1 ? CMSG_FIRSTHDR(&message) : NULL;
    if (c == NULL || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS || c->cmsg_len != CMSG_LEN(sizeof(int))
        || (message.msg_flags & MSG_CTRUNC) != 0) {
        if (c != NULL && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
            /* more than one descriptor, or cut: close what arrived */
            size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
            for (size_t i = 0; i < n; i++) {
                int extra;
                memcpy(&extra, CMSG_DATA(c) + i * sizeof(int), sizeof extra);
                close(extra);
            }
        }
        if (got < 0 && (saved == EAGAIN || saved == EWOULDBLOCK)) {
            return error_set(LOIHI_E_PEER_STALLED, "board did not hand over its mailbox: mailbox=%s, timeout_ms=%u",
                             path, timeout_ms);
        }
        return error_set(LOIHI_E_MAILBOX_FORMAT, "mailbox socket sent no memory descriptor: mailbox=%s, bytes=%zd", path, got);
    }
    memcpy(memory_fd, CMSG_DATA(c), sizeof *memory_fd);
    return LOIHI_OK;
}

int mbx_map(struct mbx *m, const char *path, uint32_t timeout_ms) {
    memset(m, 0, sizeof *m);
    m->fd = -1;
    int fd = -1;
    int status = receive_memory(path, timeout_ms, &fd);
    if (status != LOIHI_OK) {
        return status;
    }
    /* Sealed against shrinking, the memory cannot lose pages under the mapping (no SIGBUS). */
    int seals = fcntl(fd, F_GET_SEALS);
    if (seals < 0 || (seals & MBX_REQUIRED_SEALS) != MBX_REQUIRED_SEALS) {
        close(fd);
        return error_set(LOIHI_E_MAILBOX_FORMAT, "mailbox memory not sealed: mailbox=%s, seals=0x%x, required=0x%x",
                         path, seals < 0 ? 0 : (unsigned) seals, MBX_REQUIRED_SEALS);
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int saved = errno;
        close(fd);
        return error_set(LOIHI_E_MAILBOX_OPEN, "cannot stat mailbox: mailbox=%s, errno=%d (%s)",
                         path, saved, strerror(saved));
    }
    if ((uint64_t) st.st_size < MBX_HEADER_BYTES) {
        close(fd);
        return error_set(LOIHI_E_MAILBOX_FORMAT, "mailbox shorter than its header: mailbox=%s, bytes=%lld, header_bytes=%u",
                         path, (long long) st.st_size, MBX_HEADER_BYTES);
    }
    void *base = mmap(NULL, (size_t) st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (base == MAP_FAILED) {
        int saved = errno;
        close(fd);
        return error_set(LOIHI_E_MAILBOX_OPEN, "cannot map mailbox: mailbox=%s, errno=%d (%s)",
                         path, saved, strerror(saved));
    }
    m->fd = fd;
    m->base = base;
    m->bytes = (size_t) st.st_size;
    m->header = (struct mbx_header *) base;
    status = check_header(m->header, path, (uint64_t) st.st_size);
    if (status != LOIHI_OK) {
        mbx_unmap(m);
        return status;
    }
    m->slot_bytes = m->header->slot_bytes;
    m->slot_count = m->header->slot_count;
    m->h2b_slots = (uint8_t *) base + m->header->h2b_offset;
    m->b2h_slots = (uint8_t *) base + m->header->b2h_offset;
    return LOIHI_OK;
}

void mbx_unmap(struct mbx *m) {
    if (m->base != NULL) {
        munmap(m->base, m->bytes);
    }
    if (m->fd >= 0) {
        close(m->fd);
    }
    m->base = NULL;
    m->header = NULL;
    m->fd = -1;
}

static struct mbx_slot *slot_at(uint8_t *slots, const struct mbx *m, uint64_t counter) {
    return (struct mbx_slot *) (slots + (size_t) (counter & (m->slot_count - 1)) * m->slot_bytes);
}

struct mbx_slot *mbx_h2b_claim(struct mbx *m) {
    uint64_t head = atomic_load_explicit(&m->header->h2b.head, memory_order_relaxed);
    uint64_t tail = atomic_load_explicit(&m->header->h2b.tail, memory_order_acquire);
    if (head - tail >= m->slot_count) {
        return NULL;
    }
    return slot_at(m->h2b_slots, m, head);
}

void mbx_h2b_publish(struct mbx *m) {
    uint64_t head = atomic_load_explicit(&m->header->h2b.head, memory_order_relaxed);
    atomic_store_explicit(&m->header->h2b.head, head + 1, memory_order_release);
}

int mbx_b2h_full(const struct mbx *m) {
    struct mbx_header *h = m->header;
    uint64_t head = atomic_load_explicit(&h->b2h.head, memory_order_acquire);
    uint64_t tail = atomic_load_explicit(&h->b2h.tail, memory_order_relaxed);
    return head - tail >= m->slot_count;
}

const struct mbx_slot *mbx_b2h_peek(const struct mbx *m) {
    struct mbx_header *h = m->header;
    uint64_t tail = atomic_load_explicit(&h->b2h.tail, memory_order_relaxed);
    uint64_t head = atomic_load_explicit(&h->b2h.head, memory_order_acquire);
    if (head == tail) {
        return NULL;
    }
    return slot_at(m->b2h_slots, m, tail);
}

void mbx_b2h_release(struct mbx *m) {
    uint64_t tail = atomic_load_explicit(&m->header->b2h.tail, memory_order_relaxed);
    atomic_store_explicit(&m->header->b2h.tail, tail + 1, memory_order_release);
}
