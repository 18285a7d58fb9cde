package dev.loihi.image;

import java.nio.charset.StandardCharsets;

/**
 * Fixed framing constants of the image file (docs/IMAGE_FORMAT.md). All integers are
 * big-endian.
 *
 * <pre>
 *  file    = magic "LOIHIIMG" (8 bytes) | version u32 | section* (NETWORK CORE* INPUTS OUTPUTS METADATA END)
 *  section = type u16 | length u32 | payload (length bytes) | CRC32 of payload u32
 * </pre>
 */
public final class ImageLayout {
    private ImageLayout() {}

    public static final byte[] MAGIC = "LOIHIIMG".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION_BYTES = 4;
    public static final int FILE_HEADER_BYTES = MAGIC.length + VERSION_BYTES;
    /** type u16 + length u32. */
    public static final int SECTION_HEADER_BYTES = 6;
    public static final int SECTION_CRC_BYTES = 4;

    /**
     * The largest system the format addresses: Pohoiki Springs has 768 chips (LOIHI.md), so a
     * global core index fits the 17-bit core field of an address word.
     */
    public static final int MAX_CHIPS = 768;
    public static final int CORE_FIELD_BITS = 17;

    /** Strings (layer and port names) carry a u16 byte count. */
    public static final int MAX_NAME_BYTES = 0xFFFF;

    /** Sign-mode numbers of a synapse format word. */
    public static int signModeCode(SignMode mode) {
        return switch (mode) {
            case MIXED -> 0;
            case EXCITATORY -> 1;
            case INHIBITORY -> 2;
        };
    }

    /** The sign mode for a stored code, or null for the unused code 3. */
    public static SignMode signModeOf(int code) {
        return switch (code) {
            case 0 -> SignMode.MIXED;
            case 1 -> SignMode.EXCITATORY;
            case 2 -> SignMode.INHIBITORY;
            default -> null;
        };
    }

    public static int outputKindCode(OutputPort.Kind kind) {
        return switch (kind) {
            case SPIKES -> 0;
            case VOLTAGE -> 1;
        };
    }

    public static OutputPort.Kind outputKindOf(int code) {
        return switch (code) {
            case 0 -> OutputPort.Kind.SPIKES;
            case 1 -> OutputPort.Kind.VOLTAGE;
            default -> null;
        };
    }
}
