package dev.loihi.emulator.server;

import dev.loihi.image.ImageErrors;
import dev.loihi.proto.link.Error;
import dev.loihi.proto.link.ErrorCode;
import dev.loihi.proto.link.Frame;
import dev.loihi.proto.link.ImageChunk;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Board-side image upload: chunks in order, each checked against its own CRC32 and against
 * the size and CRC32 the first chunk announced for the whole image, before the image is read.
 *
 * <p>The announced size is checked against the board's limit but never allocated: the buffer
 * grows (doubling, up to the announced size) with the bytes that arrive, each growth taken from
 * the server's {@link UploadBudget} and given back by {@link #release()}.
 */
final class ImageAssembler {
    /** The first buffer: small images fit it whole, and a claim alone costs no more. */
    static final int FIRST_BUFFER_BYTES = 64 * 1024;

    private final long maxImageBytes;
    private final UploadBudget budget;
    private byte[] bytes;
    private long totalBytes;
    private int received;
    private int totalCrc;
    private boolean started;

    ImageAssembler(long maxImageBytes, UploadBudget budget) {
        this.maxImageBytes = maxImageBytes;
        this.budget = budget;
    }

    /** Bytes taken so far. */
    long received() {
        return received;
    }

    /** The whole image, once {@link #accept} has taken the last chunk without error. */
    byte[] bytes() {
        return bytes.length == received ? bytes : Arrays.copyOf(bytes, received);
    }

    /** Null when the chunk was taken; otherwise the Error to answer with (the upload is void). */
    Frame accept(ImageChunk c) {
        if (c.getOffset() == 0) {
            // total_bytes is a uint64: compare unsigned, so 2^64-1 is too large rather than negative.
            if (Long.compareUnsigned(c.getTotalBytes(), maxImageBytes) > 0) {
                return fail(ErrorCode.LIMIT_EXCEEDED, "", "image larger than the board takes: bytes="
                        + Long.toUnsignedString(c.getTotalBytes()) + ", maxImageBytes=" + maxImageBytes);
            }
            release();
            started = true;
            totalBytes = c.getTotalBytes();
            received = 0;
            totalCrc = c.getTotalCrc32();
        } else if (!started) {
            return fail(ErrorCode.BAD_IMAGE, "", "image chunk without a first chunk: offset="
                    + Long.toUnsignedString(c.getOffset()));
        }
        int n = c.getData().size();
        if (c.getOffset() != received || c.getTotalBytes() != totalBytes || c.getTotalCrc32() != totalCrc) {
            return fail(ErrorCode.BAD_IMAGE, "", "image chunk out of order: offset=" + Long.toUnsignedString(c.getOffset())
                    + ", expectedOffset=" + received + ", totalBytes=" + Long.toUnsignedString(c.getTotalBytes())
                    + ", expectedTotalBytes=" + totalBytes);
        }
        if ((long) received + n > totalBytes || c.getLast() != (received + n == totalBytes)) {
            return fail(ErrorCode.BAD_IMAGE, "", "image chunk does not end where announced: offset="
                    + Long.toUnsignedString(c.getOffset()) + ", bytes=" + n + ", totalBytes=" + totalBytes
                    + ", last=" + c.getLast());
        }
        CRC32 crc = new CRC32();
        crc.update(c.getData().asReadOnlyByteBuffer());
        if ((int) crc.getValue() != c.getChunkCrc32()) {
            return fail(ErrorCode.BAD_IMAGE, ImageErrors.IMAGE_CHECKSUM, "image chunk checksum mismatch: offset="
                    + Long.toUnsignedString(c.getOffset()) + ", bytes=" + n
                    + ", crc32=" + Integer.toHexString((int) crc.getValue())
                    + ", expected=" + Integer.toHexString(c.getChunkCrc32()));
        }
        if (!grow(received + n)) {
            return fail(ErrorCode.LIMIT_EXCEEDED, "", "server upload buffer full: received=" + received + ", bytes=" + n
                    + ", totalBytes=" + totalBytes + ", maxUploadBufferBytes=" + budget.maxBytes());
        }
        c.getData().copyTo(bytes, received);
        received += n;
        if (c.getLast()) {
            CRC32 whole = new CRC32();
            whole.update(bytes, 0, received);
            if ((int) whole.getValue() != totalCrc) {
                return fail(ErrorCode.BAD_IMAGE, ImageErrors.IMAGE_CHECKSUM, "image checksum mismatch: bytes=" + received
                        + ", crc32=" + Integer.toHexString((int) whole.getValue())
                        + ", expected=" + Integer.toHexString(totalCrc));
            }
        }
        return null;
    }

    /** Gives the buffer's bytes back to the server's budget; the upload holds nothing after. */
    void release() {
        if (bytes != null) {
            budget.give(bytes.length);
            bytes = null;
        }
    }

    /** Room for {@code needed} bytes: doubles the buffer, never past the announced size, within the budget. */
    private boolean grow(int needed) {
        int have = bytes == null ? 0 : bytes.length;
        if (needed <= have) {
            return true;
        }
        long size = Math.max(needed, Math.min(totalBytes, Math.max(FIRST_BUFFER_BYTES, 2L * have)));
        if (!budget.tryTake(size)) {
            return false;
        }
        byte[] grown = new byte[(int) size];
        if (bytes != null) {
            System.arraycopy(bytes, 0, grown, 0, received);
            budget.give(have);
        }
        bytes = grown;
        return true;
    }

    private Frame fail(ErrorCode code, String detail, String message) {
        release();
        started = false;
        received = 0;
        return Frame.newBuilder().setError(Error.newBuilder().setCode(code).setMessage(message).setDetailCode(detail)).build();
    }
}
