package dev.loihi.emulator.mailbox;

/**
 * Layout of the shared-memory mailbox between a host's native driver
 * ({@code board/src/main/c/mailbox.h}, which holds the same offsets and checks them with static
 * asserts) and the board side here. All numbers are in the machine's native byte order; both
 * peers run on one host. docs/NATIVE_DRIVER.md has the full description.
 *
 * <pre>
 * offset  header (4096 bytes)                                       written by
 *      0  magic "LOIHIMBX" (set last: the header is complete)        board
 *      8  layout_version u32 | header_bytes u32                      board
 *     16  slot_bytes u32     | slot_count u32                        board
 *     24  h2b_offset u64, 32 b2h_offset u64, 40 file_bytes u64        board
 *     48  board_pid u32      | board_state u32 (1 serving, 2 shut down)  board
 *     56  board_heartbeat u64 (moves while the board's loop runs)    board
 *     64  board_name char[64]                                        board
 *    128  chips u32 | cores_per_chip u32 | max_image_bytes u32 | capabilities u32
 *    192  session_owner u32 (host pid, 0 = free; CAS by the host)    host claims, board frees
 *    200  session_id u64 (+1 each time the board frees a session)    board
 *    208  host_heartbeat u64 (moved by the driver's beat thread)     host
 *    256  h2b head u64  |  320 h2b tail u64                           host | board
 *    384  b2h head u64  |  448 b2h tail u64                           board | host
 *   4096  h2b ring: slot_count slots of slot_bytes
 *      .  b2h ring: slot_count slots of slot_bytes
 *
 * slot: 0 type u32 | 4 payload_bytes u32 | 8 seq u64 | 16 step u64
 *      24 port u32 | 28 packet u32 | 32 packet_count u32 | 36 aux u32 | 40 payload...
 * </pre>
 */
public final class MailboxDescriptor {
    private MailboxDescriptor() {}

    /** "LOIHIMBX" read as a little-endian long. */
    public static final long MAGIC = 0x58424D4948494F4CL;
    public static final int LAYOUT_VERSION = 1;
    public static final int HEADER_BYTES = 4096;

    public static final int MAGIC_OFFSET = 0;
    public static final int LAYOUT_VERSION_OFFSET = 8;
    public static final int HEADER_BYTES_OFFSET = 12;
    public static final int SLOT_BYTES_OFFSET = 16;
    public static final int SLOT_COUNT_OFFSET = 20;
    public static final int H2B_OFFSET_OFFSET = 24;
    public static final int B2H_OFFSET_OFFSET = 32;
    public static final int FILE_BYTES_OFFSET = 40;
    public static final int BOARD_PID_OFFSET = 48;
    public static final int BOARD_STATE_OFFSET = 52;
    public static final int BOARD_HEARTBEAT_OFFSET = 56;
    public static final int BOARD_NAME_OFFSET = 64;
    public static final int BOARD_NAME_BYTES = 64;
    public static final int CHIPS_OFFSET = 128;
    public static final int CORES_PER_CHIP_OFFSET = 132;
    public static final int MAX_IMAGE_BYTES_OFFSET = 136;
    public static final int CAPABILITIES_OFFSET = 140;
    public static final int SESSION_OWNER_OFFSET = 192;
    public static final int SESSION_ID_OFFSET = 200;
    public static final int HOST_HEARTBEAT_OFFSET = 208;
    public static final int H2B_HEAD_OFFSET = 256;
    public static final int H2B_TAIL_OFFSET = 320;
    public static final int B2H_HEAD_OFFSET = 384;
    public static final int B2H_TAIL_OFFSET = 448;

    public static final int BOARD_SERVING = 1;
    public static final int BOARD_SHUT_DOWN = 2;

    /** Capability bits (LOIHI_CAP_* of loihi_driver.h). */
    public static final int CAP_PRECOMPUTE = 1;
    public static final int CAP_INTERACTIVE = 2;
    public static final int CAP_PROBE_VOLTAGE = 4;
    public static final int CAP_PROBE_SPIKE_BITS = 8;

    public static final int SLOT_HEADER_BYTES = 40;
    public static final int SLOT_TYPE = 0;
    public static final int SLOT_PAYLOAD_BYTES = 4;
    public static final int SLOT_SEQ = 8;
    public static final int SLOT_STEP = 16;
    public static final int SLOT_PORT = 24;
    public static final int SLOT_PACKET = 28;
    public static final int SLOT_PACKET_COUNT = 32;
    public static final int SLOT_AUX = 36;

    /** Host -> board message types (MBX_* of mailbox.h). */
    public static final int HELLO = 1;
    public static final int IMAGE_CHUNK = 2;
    public static final int RUN_START = 3;
    public static final int SPIKES_IN = 4;
    public static final int RUN_STOP = 5;
    public static final int CLOSE = 6;
    public static final int RESET = 7;

    /** Board -> host message types. */
    public static final int HELLO_ACK = 101;
    public static final int IMAGE_ACK = 102;
    public static final int RUN_READY = 103;
    public static final int SPIKE_BITS = 104;
    public static final int PROBE_VOLTAGE = 105;
    public static final int STEP_DONE = 106;
    public static final int RUN_DONE = 107;
    public static final int ERROR = 108;
    public static final int CLOSED = 109;
    public static final int RESET_DONE = 110;

    /** The driver ABI (LOIHI_ABI_VERSION) a HELLO must carry in aux. */
    public static final int DRIVER_ABI_VERSION = 1;
    /** RUN_START aux bit: zero the state first (LOIHI_RUN_RESET_STATE). */
    public static final int RUN_RESET_STATE = 1;
    /** RUN_START probe flags (LOIHI_PROBE_*). */
    public static final int PROBE_SPIKE_BITS = 1;
    public static final int PROBE_VOLTAGE_FLAG = 2;
    /** RUN_START modes (LOIHI_MODE_*, the RunMode numbers). */
    public static final int MODE_PRECOMPUTE = 1;
    public static final int MODE_INTERACTIVE = 2;
    /** RUN_DONE aux bit: the run was stopped early. */
    public static final int RUN_DONE_STOPPED = 1;
    public static final int WORDS_PER_SPIKE = 2;

    /** The driver's heartbeat thread beats this often (MBX_HOST_BEAT_MS). */
    public static final int HOST_BEAT_MS = 20;

    /** Bytes of a whole mailbox file. */
    public static long fileBytes(int slotBytes, int slotCount) {
        return HEADER_BYTES + 2L * slotBytes * slotCount;
    }
}
