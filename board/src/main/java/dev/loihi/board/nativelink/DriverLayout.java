package dev.loihi.board.nativelink;

/**
 * Byte offsets of the structs of {@code loihi_driver.h}, which the binding reads and writes in
 * reused native memory instead of JNA {@code Structure}s (no reflection, no allocation per
 * call). The C side pins every size and offset with static asserts.
 *
 * <pre>
 * loihi_board_info (96)          loihi_packet (40)               loihi_board_error (592)
 *   0 abi_version u32              0 kind u32                       0 code u32
 *   4 chips u32                    4 count u32                      4 has_step u32
 *   8 cores_per_chip u32           8 step u64                       8 step u64
 *  12 max_packet_spikes u32       16 packet u32                    16 detail_code char[64]
 *  16 max_image_bytes u32         20 packet_count u32              80 message char[512]
 *  20 capabilities u32            24 flags u32
 *  24 reserved u32[2]             28 reserved u32                loihi_probe (8)
 *  32 name char[64]               32 spikes_in u64                 0 output_port u32
 *                                                                  4 flags u32
 * </pre>
 */
final class DriverLayout {
    private DriverLayout() {}

    static final int INFO_BYTES = 96;
    static final int INFO_ABI_VERSION = 0;
    static final int INFO_CHIPS = 4;
    static final int INFO_CORES_PER_CHIP = 8;
    static final int INFO_MAX_PACKET_SPIKES = 12;
    static final int INFO_MAX_IMAGE_BYTES = 16;
    static final int INFO_CAPABILITIES = 20;
    static final int INFO_NAME = 32;

    static final int PACKET_BYTES = 40;
    static final int PACKET_KIND = 0;
    static final int PACKET_WORDS = 4;
    static final int PACKET_STEP = 8;
    static final int PACKET_INDEX = 16;
    static final int PACKET_COUNT = 20;
    static final int PACKET_FLAGS = 24;
    static final int PACKET_SPIKES_IN = 32;

    static final int ERROR_BYTES = 592;
    static final int ERROR_CODE = 0;
    static final int ERROR_HAS_STEP = 4;
    static final int ERROR_STEP = 8;
    static final int ERROR_DETAIL_CODE = 16;
    static final int ERROR_MESSAGE = 80;

    static final int PROBE_BYTES = 8;
    static final int PROBE_OUTPUT_PORT = 0;
    static final int PROBE_FLAGS = 4;
}
