/*
 * mailbox.h -- layout of the shared-memory mailbox between this driver (the host) and a
 * board server (the emulator's dev.loihi.emulator.mailbox.MailboxServer), and the ring
 * operations on it. The Java side mirrors these offsets in MailboxDescriptor; both check
 * MBX_LAYOUT_VERSION. docs/NATIVE_DRIVER.md draws the layout.
 *
 * The board creates the memory (a sealed memfd it hands over through a unix socket at the
 * mailbox path): a 4096-byte header, then two single-producer single-consumer
 * rings of fixed-size slots (host -> board, board -> host). Counters only grow; a slot index
 * is counter % slot_count. A producer fills a slot, then publishes head + 1 with release
 * order; a consumer reads head with acquire order, reads the slot, then publishes tail + 1.
 */
#ifndef LOIHI_MAILBOX_H
#define LOIHI_MAILBOX_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

/* "LOIHIMBX" read as a little-endian uint64 */
#define MBX_MAGIC 0x58424D4948494F4CULL
#define MBX_LAYOUT_VERSION 1u
#define MBX_HEADER_BYTES 4096u
#define MBX_SLOT_HEADER_BYTES 40u

/* board_state */
#define MBX_BOARD_SERVING 1u
#define MBX_BOARD_SHUT_DOWN 2u

/* How often the driver's heartbeat thread beats for the host. */
#define MBX_HOST_BEAT_MS 20u

/* Message types, host -> board. */
#define MBX_HELLO 1u
#define MBX_IMAGE_CHUNK 2u
#define MBX_RUN_START 3u
#define MBX_SPIKES_IN 4u
#define MBX_RUN_STOP 5u
#define MBX_CLOSE 6u
#define MBX_RESET 7u

/* Message types, board -> host. */
#define MBX_HELLO_ACK 101u
#define MBX_IMAGE_ACK 102u
#define MBX_RUN_READY 103u
#define MBX_SPIKE_BITS 104u
#define MBX_PROBE_VOLTAGE 105u
#define MBX_STEP_DONE 106u
#define MBX_RUN_DONE 107u
#define MBX_ERROR 108u
#define MBX_CLOSED 109u
#define MBX_RESET_DONE 110u

/* One ring's counters, each on its own cache line so producer and consumer do not share one. */
struct mbx_ring_ctl {
    _Atomic uint64_t head; /* messages published by the producer */
    uint8_t pad_head[56];
    _Atomic uint64_t tail; /* messages consumed by the consumer */
    uint8_t pad_tail[56];
};

struct mbx_header {
    _Atomic uint64_t magic;           /*   0 written last by the board: the header is complete */
    uint32_t layout_version;          /*   8 */
    uint32_t header_bytes;            /*  12 */
    uint32_t slot_bytes;              /*  16 multiple of 64, includes the 40-byte slot header */
    uint32_t slot_count;              /*  20 power of two */
    uint64_t h2b_offset;              /*  24 first slot of the host -> board ring */
    uint64_t b2h_offset;              /*  32 first slot of the board -> host ring */
    uint64_t file_bytes;              /*  40 */
    _Atomic uint32_t board_pid;       /*  48 */
    _Atomic uint32_t board_state;     /*  52 MBX_BOARD_* */
    _Atomic uint64_t board_heartbeat; /*  56 moved by the board's serving loop, also when idle */
    char board_name[64];              /*  64 NUL-terminated */
    uint32_t chips;                   /* 128 */
    uint32_t cores_per_chip;          /* 132 */
    uint32_t max_image_bytes;         /* 136 */
    uint32_t capabilities;            /* 140 LOIHI_CAP_* */
    uint8_t pad_board[48];            /* 144 */
    _Atomic uint32_t session_owner;   /* 192 pid of the host holding the session, 0 when free */
    uint32_t pad_session;             /* 196 */
    _Atomic uint64_t session_id;      /* 200 the board adds 1 each time it frees a session */
    _Atomic uint64_t host_heartbeat;  /* 208 moved by the host's heartbeat thread */
    uint8_t pad_host[40];             /* 216 */
    struct mbx_ring_ctl h2b;          /* 256 */
    struct mbx_ring_ctl b2h;          /* 384 */
};

/* The 40-byte header of every slot; the payload follows it. */
struct mbx_slot {
    uint32_t type;          /*  0 MBX_* */
    uint32_t payload_bytes; /*  4 */
    uint64_t seq;           /*  8 1, 2, 3... per ring; a gap is a protocol error */
    uint64_t step;          /* 16 */
    uint32_t port;          /* 24 */
    uint32_t packet;        /* 28 */
    uint32_t packet_count;  /* 32 */
    uint32_t aux;           /* 36 */
    uint8_t payload[];      /* 40 */
};

/* A mapped mailbox. */
struct mbx {
    int fd;
    void *base;
    size_t bytes;
    struct mbx_header *header;
    uint8_t *h2b_slots;
    uint8_t *b2h_slots;
    uint32_t slot_bytes;
    uint32_t slot_count;
};

/*
 * Gets the board's memory from the unix socket at `path` (waiting at most `timeout_ms`),
 * checks that it is sealed against resizing, maps it and checks its header. Sets the thread's
 * error detail on failure.
 */
int mbx_map(struct mbx *mailbox, const char *path, uint32_t timeout_ms);
void mbx_unmap(struct mbx *mailbox);

static inline uint32_t mbx_payload_capacity(const struct mbx *mailbox) {
    return mailbox->slot_bytes - MBX_SLOT_HEADER_BYTES;
}

/* The next free host -> board slot, or NULL when the ring is full. */
struct mbx_slot *mbx_h2b_claim(struct mbx *mailbox);
/* Publishes the slot returned by the last mbx_h2b_claim. */
void mbx_h2b_publish(struct mbx *mailbox);
/* True when the board -> host ring has no free slot (the board may be blocked on it). */
int mbx_b2h_full(const struct mbx *mailbox);
/* The oldest unread board -> host slot, or NULL when there is none. */
const struct mbx_slot *mbx_b2h_peek(const struct mbx *mailbox);
/* Releases the slot returned by mbx_b2h_peek. */
void mbx_b2h_release(struct mbx *mailbox);

#endif /* LOIHI_MAILBOX_H */
