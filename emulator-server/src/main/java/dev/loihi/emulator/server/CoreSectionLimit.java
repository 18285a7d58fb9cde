package dev.loihi.emulator.server;

import dev.loihi.image.ImageLayout;
import dev.loihi.image.ImageSection;
import java.nio.ByteBuffer;

/**
 * The per-core upload limit: walks the section headers of an uploaded image (docs/IMAGE_FORMAT.md)
 * and names the first CORE section longer than the server grants, before the image is decoded.
 * Headers it cannot follow are left to the image reader, which reports them precisely.
 */
final class CoreSectionLimit {
    private CoreSectionLimit() {}

    /** Null when every CORE section fits in {@code maxCoreBytes}, else the one-line reason. */
    static String check(byte[] image, long maxCoreBytes) {
        ByteBuffer b = ByteBuffer.wrap(image);
        int at = ImageLayout.FILE_HEADER_BYTES;
        int core = 0;
        while (at + ImageLayout.SECTION_HEADER_BYTES <= image.length) {
            int type = Short.toUnsignedInt(b.getShort(at));
            long length = Integer.toUnsignedLong(b.getInt(at + 2));
            if (type == ImageSection.CORE.type()) {
                if (length > maxCoreBytes) {
                    return "image core larger than the board takes: core=" + core + ", bytes=" + length
                            + ", maxCoreBytes=" + maxCoreBytes;
                }
                core++;
            } else if (type == ImageSection.END.type()) {
                return null;
            }
            long next = at + ImageLayout.SECTION_HEADER_BYTES + length + ImageLayout.SECTION_CRC_BYTES;
            if (next > image.length) {
                return null;
            }
            at = (int) next;
        }
        return null;
    }
}
