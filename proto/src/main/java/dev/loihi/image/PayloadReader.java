package dev.loihi.image;

import dev.loihi.common.LoihiException;
import java.nio.ByteBuffer;

/**
 * Bounds-checked big-endian cursor over one section payload whose CRC already matched. Every
 * read checks the remaining length first, and every count is checked against the bytes it needs
 * before anything is allocated, so garbage yields {@code IMAGE_CORRUPT}, never an
 * out-of-bounds or out-of-memory error. Errors name the file, section, core and file offset.
 */
final class PayloadReader {
    private final byte[] bytes;
    private final int start;
    private final int end;
    private final String source;
    private final ImageSection section;
    private final int coreIndex;
    private int position;

    /** {@code coreIndex} is -1 outside CORE sections. */
    PayloadReader(byte[] bytes, int start, int length, String source, ImageSection section, int coreIndex) {
        this.bytes = bytes;
        this.start = start;
        this.end = start + length;
        this.source = source;
        this.section = section;
        this.coreIndex = coreIndex;
        this.position = start;
    }

    int u8(String field) {
        need(1, field);
        return bytes[position++] & 0xFF;
    }

    int u16(String field) {
        need(2, field);
        int v = (bytes[position] & 0xFF) << 8 | (bytes[position + 1] & 0xFF);
        position += 2;
        return v;
    }

    int u32(String field) {
        need(4, field);
        int v = (bytes[position] & 0xFF) << 24 | (bytes[position + 1] & 0xFF) << 16
                | (bytes[position + 2] & 0xFF) << 8 | (bytes[position + 3] & 0xFF);
        position += 4;
        return v;
    }

    long u64(String field) {
        long hi = u32(field) & 0xFFFFFFFFL;
        return hi << 32 | (u32(field) & 0xFFFFFFFFL);
    }

    /**
     * A u32 count of items that each take at least {@code minBytesEach} more bytes; rejects a
     * count the rest of the payload cannot hold.
     */
    int count32(String field, int minBytesEach) {
        long fieldOffset = position;
        long count = u32(field) & 0xFFFFFFFFL;
        return bounded(count, minBytesEach, field, fieldOffset);
    }

    /** As {@link #count32} for a count already read (u8 or u16 fields). */
    int bounded(long count, int minBytesEach, String field, long fieldOffset) {
        if (count > Integer.MAX_VALUE || count * minBytesEach > remaining()) {
            throw error(ImageErrors.IMAGE_CORRUPT, "image count overruns its section", field, fieldOffset,
                    "count=" + count + ", bytesEach=" + minBytesEach + ", remaining=" + remaining());
        }
        return (int) count;
    }

    /** u16 byte count, then that many bytes of well-formed UTF-8. */
    String name(String field) {
        int length = u16(field);
        need(length, field);
        String s = ImageStrings.decode(ByteBuffer.wrap(bytes, position, length));
        if (s == null) {
            throw error(ImageErrors.IMAGE_CORRUPT, "image string is not UTF-8", field, position, "bytes=" + length);
        }
        position += length;
        return s;
    }

    /** The rest of the payload as UTF-8. */
    String rest(String field) {
        String s = ImageStrings.decode(ByteBuffer.wrap(bytes, position, remaining()));
        if (s == null) {
            throw error(ImageErrors.IMAGE_CORRUPT, "image string is not UTF-8", field, position, "bytes=" + remaining());
        }
        position = end;
        return s;
    }

    /** A register word must leave its reserved bits clear. */
    void requireReserved(int word, int usedMask, String field) {
        if ((word & ~usedMask) != 0) {
            throw error(ImageErrors.IMAGE_CORRUPT, "image reserved bits set", field, position - 4L,
                    "word=0x" + Integer.toHexString(word));
        }
    }

    void requireEnd() {
        if (position != end) {
            throw error(ImageErrors.IMAGE_CORRUPT, "image section has bytes after its last field", "end", position,
                    "extra=" + remaining());
        }
    }

    int remaining() {
        return end - position;
    }

    /** File offset of the next byte. */
    int position() {
        return position;
    }

    LoihiException corrupt(String what, String field, long offset, String detail) {
        return error(ImageErrors.IMAGE_CORRUPT, what, field, offset, detail);
    }

    private void need(int n, String field) {
        if (n > remaining()) {
            throw error(ImageErrors.IMAGE_CORRUPT, "image field overruns its section", field, position,
                    "needBytes=" + n + ", remaining=" + remaining());
        }
    }

    private LoihiException error(String code, String what, String field, long offset, String detail) {
        return new LoihiException(code, what + ": file=" + source + ", section=" + section
                + (coreIndex >= 0 ? ", core=" + coreIndex : "") + ", offset=" + offset + ", field=" + field
                + (detail.isEmpty() ? "" : ", " + detail));
    }

    int start() {
        return start;
    }
}
