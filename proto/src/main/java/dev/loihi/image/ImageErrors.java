package dev.loihi.image;

/**
 * Stable codes of every {@link dev.loihi.common.LoihiException} the image reader, writer and
 * validator throw. Tests and callers compare against these; the wording of messages may change.
 */
public final class ImageErrors {
    private ImageErrors() {}

    /** The file ends before a field, a section header or a section payload it announces. */
    public static final String TRUNCATED = "IMAGE_TRUNCATED";
    /** The file does not start with {@code LOIHIIMG}. */
    public static final String BAD_MAGIC = "IMAGE_BAD_MAGIC";
    /** The format version is not one this reader knows. */
    public static final String VERSION = "IMAGE_VERSION";
    /** A section's CRC32 does not match its payload. */
    public static final String CHECKSUM = "IMAGE_CHECKSUM";
    /**
     * The bytes are framed and checksummed correctly but do not decode: unknown or misplaced
     * section, reserved bits set, counts that overrun the payload, trailing bytes.
     */
    public static final String CORRUPT = "IMAGE_CORRUPT";
    /** A per-core or per-network resource limit of ChipLimits is exceeded. */
    public static final String LIMIT = "IMAGE_LIMIT";
    /** A register value or an index is outside its range. */
    public static final String RANGE = "IMAGE_RANGE";
    /** The file could not be read or written. */
    public static final String IO = "IMAGE_IO";
}
