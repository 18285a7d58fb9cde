/*
 * loihi_driver.h -- the C ABI of a Loihi board driver.
 *
 * A board on the host's own bus is reached through a shared library that exports the
 * functions below. The toolchain loads the library with JNA (module board, package
 * dev.loihi.board.nativelink) and drives it exactly as it drives the TCP link: load an image,
 * start a run, exchange one step's spike packets, read probes, stop, close.
 * docs/NATIVE_DRIVER.md explains the call sequence, the mailbox this reference driver talks
 * through, and how a dead or stalled peer is detected.
 *
 * Conventions
 * - Every function that can fail returns an int status: LOIHI_OK (0), a positive
 *   LOIHI_STATUS_* value for an expected outcome that is not an error (nothing to read yet,
 *   back-pressure), or a negative LOIHI_E_* error. loihi_error_message(code) names any code;
 *   loihi_last_error() gives the detail of the last failure on the calling thread as one line
 *   "what: key=value, key=value".
 * - A board handle is used by one thread at a time. Calls never wait forever: every wait
 *   checks that the board is still alive and fails with LOIHI_E_PEER_GONE, or with
 *   LOIHI_E_PEER_STALLED once the board has shown no progress for timeout_ms or has left a
 *   request unanswered for request_timeout_ms.
 * - Words are host-endian uint32 values with the meaning of link.proto's SpikePackets
 *   (host -> chip, two words per spike) and ProbeBatch (chip -> host spike bits, voltages).
 * - Step numbers count from 0 at the start of each run, as on the TCP link.
 * - The ABI is versioned by one integer. A caller refuses a library whose
 *   loihi_abi_version() differs from the LOIHI_ABI_VERSION it was built against.
 */
#ifndef LOIHI_DRIVER_H
#define LOIHI_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Exported symbols; the reference driver builds with -fvisibility=hidden so only these show. */
#if defined(__GNUC__)
#define LOIHI_API __attribute__((visibility("default")))
#else
#define LOIHI_API
#endif

/* Bumped on any change to a signature, a struct layout or the meaning of a code. */
#define LOIHI_ABI_VERSION 1u

/* ---- status codes ---------------------------------------------------------------------- */

#define LOIHI_OK 0
/* loihi_read_packet: no message arrived within wait_us. */
#define LOIHI_STATUS_EMPTY 1
/* loihi_write_packet: the board cannot take input until the host reads its output. */
#define LOIHI_STATUS_FULL 2

#define LOIHI_E_ARGUMENT (-1)        /* a null pointer or a value out of range */
#define LOIHI_E_OPTIONS (-2)         /* the options string is malformed or names an unknown key */
#define LOIHI_E_MAILBOX_OPEN (-3)    /* the mailbox file cannot be opened or mapped */
#define LOIHI_E_MAILBOX_FORMAT (-4)  /* the file is not a mailbox of a layout this driver reads */
#define LOIHI_E_BUSY (-5)            /* another host holds the board's session */
#define LOIHI_E_PEER_GONE (-6)       /* the board's process has exited */
#define LOIHI_E_PEER_STALLED (-7)    /* the board made no progress for timeout_ms */
#define LOIHI_E_BOARD_CLOSED (-8)    /* the board shut its mailbox down */
#define LOIHI_E_SESSION_LOST (-9)    /* the board ended this host's session (judged it dead) */
#define LOIHI_E_PROTOCOL (-10)       /* a sequence gap or an unexpected message */
#define LOIHI_E_BOARD (-11)          /* the board refused a request; see loihi_board_error() */
#define LOIHI_E_TOO_LARGE (-12)      /* a packet or image exceeds what the board or buffer takes */
#define LOIHI_E_STATE (-13)          /* the call is not valid now (e.g. a packet outside a run) */
#define LOIHI_E_SYSTEM (-14)         /* an operating system call failed */

/* ---- values ------------------------------------------------------------------------------ */

/* Run modes; the numbers of RunMode in link.proto. */
#define LOIHI_MODE_PRECOMPUTE 1u  /* input packets may be written ahead; outputs stream back */
#define LOIHI_MODE_INTERACTIVE 2u /* a step's input is written after the previous step's output is read */

/* loihi_run_start flags. */
#define LOIHI_RUN_RESET_STATE 1u /* zero every compartment's state before the first step */

/* loihi_probe.flags */
#define LOIHI_PROBE_SPIKE_BITS 1u /* the port's spike bits come back in SPIKE_BITS packets each step */
#define LOIHI_PROBE_VOLTAGE 2u    /* the port's v is in probe memory after each step (loihi_read_probe) */

/* loihi_packet.kind */
#define LOIHI_PACKET_SPIKE_BITS 1u /* a chunk of one step's spike bits */
#define LOIHI_PACKET_STEP_DONE 2u  /* `step` is complete; its voltages are in probe memory */
#define LOIHI_PACKET_RUN_DONE 3u   /* the run ended after `step` steps; warnings via loihi_run_warnings */

/* loihi_packet.flags of RUN_DONE */
#define LOIHI_RUN_DONE_STOPPED 1u  /* ended early by loihi_run_stop */

/* Words of one host -> chip spike in a channel packet (see loihi_write_packet). */
#define LOIHI_WORDS_PER_SPIKE 2u

/* loihi_read_packet: wait until a message arrives or the board is judged dead. */
#define LOIHI_WAIT_FOREVER UINT32_MAX

/* loihi_board_info.capabilities */
#define LOIHI_CAP_PRECOMPUTE 1u
#define LOIHI_CAP_INTERACTIVE 2u
#define LOIHI_CAP_PROBE_VOLTAGE 4u
#define LOIHI_CAP_PROBE_SPIKE_BITS 8u

/* ---- types ----------------------------------------------------------------------------- */

/* An open board. Opaque; one per loihi_open, freed by loihi_close. */
typedef struct loihi_board loihi_board;

/* What loihi_describe reports. 96 bytes, no padding holes. */
typedef struct loihi_board_info {
    uint32_t abi_version;       /* the driver's LOIHI_ABI_VERSION */
    uint32_t chips;             /* chips on the board */
    uint32_t cores_per_chip;    /* neuro cores per chip */
    uint32_t max_packet_spikes; /* most spikes one channel packet carries (the highest cap) */
    uint32_t max_image_bytes;   /* largest image loihi_write_image accepts */
    uint32_t capabilities;      /* LOIHI_CAP_* bits */
    uint32_t reserved[2];
    char name[64];              /* NUL-terminated, e.g. "emulator" */
} loihi_board_info;

/* One probe of a run: an output port and what to read of it each step. */
typedef struct loihi_probe {
    uint32_t output_port; /* index of an output port in the image */
    uint32_t flags;       /* LOIHI_PROBE_* bits */
} loihi_probe;

/* What loihi_read_packet returns besides the words. 40 bytes. */
typedef struct loihi_packet {
    uint32_t kind;         /* LOIHI_PACKET_* */
    uint32_t count;        /* SPIKE_BITS: words written to `values` */
    uint64_t step;         /* SPIKE_BITS, STEP_DONE: the step (0 = first of the run); RUN_DONE: steps run */
    uint32_t packet;       /* SPIKE_BITS: index of this chunk of the step's spike bits */
    uint32_t packet_count; /* SPIKE_BITS: chunks of the step's spike bits */
    uint32_t flags;        /* RUN_DONE: LOIHI_RUN_DONE_* bits */
    uint32_t reserved;
    uint64_t spikes_in;    /* STEP_DONE: host spikes the chips applied in the step; RUN_DONE: in the run */
} loihi_packet;

/* Why the board refused the last request (after LOIHI_E_BOARD). 592 bytes. */
typedef struct loihi_board_error {
    uint32_t code;          /* the ErrorCode of link.proto, e.g. 4 = BAD_IMAGE */
    uint32_t has_step;      /* 1 when `step` names the step concerned */
    uint64_t step;
    char detail_code[64];   /* the board-side error code (e.g. "IMAGE_CHECKSUM"), or "" */
    char message[512];      /* one line, "what: key=value, ...", cut to fit */
} loihi_board_error;

/* ---- functions ---------------------------------------------------------------------------- */

/* The LOIHI_ABI_VERSION this library was built with. Never fails; call it first. */
LOIHI_API uint32_t loihi_abi_version(void);

/* A static, one-line name for any status or error code ("LOIHI_E_PEER_STALLED: ..."). */
LOIHI_API const char *loihi_error_message(int code);

/* Detail of the last failed call on this thread ("what: key=value, ..."), or "". */
LOIHI_API const char *loihi_last_error(void);

/*
 * Opens the board named by `options`, a '&'-separated list of key=value pairs (values may be
 * %XX-escaped). The reference driver reads:
 *   mailbox=PATH       the board's mailbox file (required)
 *   timeout_ms=N       a peer silent this long is dead (default 5000, 1..3600000)
 *   spin_us=N          busy-wait this long before yielding the CPU (default 50, 0..100000)
 *   request_timeout_ms=N  longest wait for the answer to one request, even from a board that
 *                      still beats (default 30000, 1..3600000)
 * Claims the board's session; *out is set on success and NULL on failure.
 */
LOIHI_API int loihi_open(const char *options, loihi_board **out);

/* Fills *info. */
LOIHI_API int loihi_describe(loihi_board *board, loihi_board_info *info);

/*
 * Writes a register image (the bytes of docs/IMAGE_FORMAT.md) and waits until the board has
 * loaded it. *cores_out (may be NULL) receives the number of cores loaded. Not during a run.
 */
LOIHI_API int loihi_write_image(loihi_board *board, const uint8_t *bytes, size_t length, uint32_t *cores_out);

/*
 * Starts a run of `steps` steps and waits until the board is ready. Output spikes come back
 * in packets of at most max_spikes_per_packet words (the snip channel cap); probes name the
 * output ports whose voltage or spike bits are readable after each step.
 */
LOIHI_API int loihi_run_start(loihi_board *board, uint64_t steps, uint32_t mode, uint32_t max_spikes_per_packet,
                    uint32_t flags, const loihi_probe *probes, uint32_t probe_count);

/*
 * Writes one host -> chip snip channel packet: `spike_count` spikes of chip `chip` for `step`
 * (0 = the run's first), packet `packet` of `packet_count` for that step and chip. Each spike is
 * LOIHI_WORDS_PER_SPIKE words in `words`:
 *   word 0 = core << 16 | axon        (core on the chip, input axon of that core)
 *   word 1 = axon type << 16 | atom   (0 for the discrete axons of an image)
 * Every (step, chip) of a run needs packets 0 .. packet_count-1, at least one (empty when no
 * spike enters); spike_count never exceeds the run's max_spikes_per_packet. Returns
 * LOIHI_STATUS_FULL, having written nothing, when the board waits for the host to read output
 * first; read, then write again.
 */
LOIHI_API int loihi_write_packet(loihi_board *board, uint64_t step, uint32_t chip, uint32_t packet,
                                 uint32_t packet_count, const uint32_t *words, uint32_t spike_count);

/*
 * Reads the next chip -> host event into *out: a chunk of a step's spike bits into
 * values[0..capacity), a step's end, or the run's end. A step's spike bits are those of every
 * SPIKE_BITS probe, probe after probe in loihi_run_start order, each ceil(size / 32) words,
 * 32 compartments per word, lowest bit = lowest port index (link.proto ProbeBatch.spike_bits);
 * they may span several chunks, which arrive in order before the step's STEP_DONE. Waits up to
 * wait_us microseconds (0 polls, LOIHI_WAIT_FOREVER waits while the board lives) and returns
 * LOIHI_STATUS_EMPTY when nothing came. Voltages are taken into probe memory on the way.
 * LOIHI_E_TOO_LARGE leaves the chunk unread and sets out->count to the capacity it needs.
 */
LOIHI_API int loihi_read_packet(loihi_board *board, loihi_packet *out, uint32_t *values, uint32_t capacity,
                                uint32_t wait_us);

/*
 * Copies probe memory of `kind` (LOIHI_PROBE_VOLTAGE): the values of the latest step whose
 * STEP_DONE has been read -- the v of every VOLTAGE probe, probe after probe in
 * loihi_run_start order, one int32 per compartment (link.proto ProbeBatch.voltage) -- its step
 * in *step and the number of values in *count. LOIHI_STATUS_EMPTY when no step has delivered
 * them yet; LOIHI_E_TOO_LARGE (with *count set) when capacity is too small.
 */
LOIHI_API int loihi_read_probe(loihi_board *board, uint32_t kind, uint64_t *step, int32_t *values, uint32_t capacity,
                               uint32_t *count);

/* Zeroes every compartment's state and the step counter. Not during a run. */
LOIHI_API int loihi_reset(loihi_board *board);

/*
 * Ends the current run after the steps the board has completed, discarding output not yet
 * read, and fills *done (may be NULL) with the run's RUN_DONE. A no-op (done->kind = 0) when
 * no run is active.
 */
LOIHI_API int loihi_run_stop(loihi_board *board, loihi_packet *done);

/*
 * Copies the warnings of the last finished run (UTF-8 lines separated by '\n', NUL-terminated,
 * cut to capacity) and stores the full length in *length (may be NULL).
 */
LOIHI_API int loihi_run_warnings(loihi_board *board, char *text, uint32_t capacity, uint32_t *length);

/* Copies what the board said with the last LOIHI_E_BOARD on this board (all zero if none). */
LOIHI_API int loihi_last_board_error(const loihi_board *board, loihi_board_error *out);

/* Ends the session and frees the handle, even when the board is unreachable. NULL is a no-op. */
LOIHI_API int loihi_close(loihi_board *board);

#ifdef __cplusplus
}
#endif

#endif /* LOIHI_DRIVER_H */
