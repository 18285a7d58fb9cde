package dev.loihi.emulator.server;

import dev.loihi.image.ImageErrors;
import dev.loihi.proto.link.Error;
import dev.loihi.proto.link.ErrorCode;
import dev.loihi.proto.link.Frame;
import dev.loihi.proto.link.ImageChunk;
import java.util.zip.CRC32;

/**
 * Board-side image upload: chunks in order, each checked against its own CRC32 and against
 * the size and CRC32 the first chunk announced for the whole image, before the image is read.
 */
final class ImageAssembler {
    private final long maxImageBytes;
    private byte[] bytes;
    private int received;
    private int totalCrc;

    ImageAssembler(long maxImageBytes) {
        this.maxImageBytes = maxImageBytes;
    }

    /** Bytes taken so far. */
    long received() {
        return received;
    }

    /** The whole image, once {@link #accept} has taken the last chunk without error. */
    byte[] bytes() {
        return bytes;
    }

    /** Null when the chunk was taken; otherwise the Error to answer with (the upload is void). */
    Frame accept(ImageChunk c) {
        if (c.getOffset() == 0) {
            if (c.getTotalBytes() > maxImageBytes) {
                return fail(ErrorCode.LIMIT_EXCEEDED, "", "image larger than the board takes: bytes="
                        + c.getTotalBytes() + ", maxImageBytes=" + maxImageBytes);
            }
            bytes = new byte[(int) c.getTotalBytes()];
            received = 0;
            totalCrc = c.getTotalCrc32();
        } else if (bytes == null) {
            return fail(ErrorCode.BAD_IMAGE, "", "image chunk without a first chunk: offset=" + c.getOffset());
        }
        int n = c.getData().size();
        if (c.getOffset() != received || c.getTotalBytes() != bytes.length || c.getTotalCrc32() != totalCrc) {
            return fail(ErrorCode.BAD_IMAGE, "", "image chunk out of order: offset=" + c.getOffset() + ", expectedOffset="
                    + received + ", totalBytes=" + c.getTotalBytes() + ", expectedTotalBytes=" + bytes.length);
        }
        if ((long) received + n > bytes.length || c.getLast() != (received + n == bytes.length)) {
            return fail(ErrorCode.BAD_IMAGE, "", "image chunk does not end where announced: offset=" + c.getOffset()
                    + ", bytes=" + n + ", totalBytes=" + bytes.length + ", last=" + c.getLast());
        }
        CRC32 crc = new CRC32();
        crc.update(c.getData().asReadOnlyByteBuffer());
        if ((int) crc.getValue() != c.getChunkCrc32()) {
            return fail(ErrorCode.BAD_IMAGE, ImageErrors.CHECKSUM, "image chunk checksum mismatch: offset=" + c.getOffset()
                    + ", bytes=" + n + ", crc32=" + Integer.toHexString((int) crc.getValue())
                    + ", expected=" + Integer.toHexString(c.getChunkCrc32()));
        }
        c.getData().copyTo(bytes, received);
        received += n;
        if (c.getLast()) {
            CRC32 whole = new CRC32();
            whole.update(bytes);
            if ((int) whole.getValue() != totalCrc) {
                return fail(ErrorCode.BAD_IMAGE, ImageErrors.CHECKSUM, "image checksum mismatch: bytes=" + bytes.length
                        + ", crc32=" + Integer.toHexString((int) whole.getValue())
                        + ", expected=" + Integer.toHexString(totalCrc));
            }
        }
        return null;
    }

    private Frame fail(ErrorCode code, String detail, String message) {
        bytes = null;
        received = 0;
        return Frame.newBuilder().setError(Error.newBuilder().setCode(code).setMessage(message).setDetailCode(detail)).build();
    }
}
