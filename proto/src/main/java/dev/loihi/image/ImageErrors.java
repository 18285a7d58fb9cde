package dev.loihi.image;

import java.util.List;

/**
 * Every stable code of a {@link dev.loihi.common.LoihiException} that the register image format throws: the
 * one place that lists them (docs/ERRORS.md documents each; a test checks both). Tests compare
 * against these; the wording of messages may change.
 */
public final class ImageErrors {
    private ImageErrors() {}

    /** The file does not start with {@code LOIHIIMG}. */
    public static final String IMAGE_BAD_MAGIC = "IMAGE_BAD_MAGIC";
    /** A section's CRC32 does not match its payload. */
    public static final String IMAGE_CHECKSUM = "IMAGE_CHECKSUM";
    /** The bytes are framed and checksummed correctly but do not decode: unknown or misplaced section, reserved bits set, counts that overrun the payload, trailing bytes. */
    public static final String IMAGE_CORRUPT = "IMAGE_CORRUPT";
    /** The file could not be read or written. */
    public static final String IMAGE_IO = "IMAGE_IO";
    /** A per-core or per-network resource limit of ChipLimits is exceeded. */
    public static final String IMAGE_LIMIT = "IMAGE_LIMIT";
    /** A register value or an index is outside its range. */
    public static final String IMAGE_RANGE = "IMAGE_RANGE";
    /** The file ends before a field, a section header or a section payload it announces. */
    public static final String IMAGE_TRUNCATED = "IMAGE_TRUNCATED";
    /** The format version is not one this reader knows. */
    public static final String IMAGE_VERSION = "IMAGE_VERSION";

    /** Every code above. */
    public static final List<String> ALL = List.of(
            IMAGE_BAD_MAGIC,
            IMAGE_CHECKSUM,
            IMAGE_CORRUPT,
            IMAGE_IO,
            IMAGE_LIMIT,
            IMAGE_RANGE,
            IMAGE_TRUNCATED,
            IMAGE_VERSION);
}
