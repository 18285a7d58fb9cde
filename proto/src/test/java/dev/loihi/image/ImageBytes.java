package dev.loihi.image;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/** Test-side view of a written image's sections, to corrupt one payload and re-seal its CRC. */
final class ImageBytes {
    record Section(int type, int headerOffset, int payloadOffset, int length) {}

    private ImageBytes() {}

    static List<Section> sections(byte[] bytes) {
        List<Section> sections = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        int position = ImageLayout.FILE_HEADER_BYTES;
        while (position < bytes.length) {
            int type = buf.getShort(position) & 0xFFFF;
            int length = buf.getInt(position + 2);
            sections.add(new Section(type, position, position + 6, length));
            position += 6 + length + 4;
        }
        return sections;
    }

    static Section first(byte[] bytes, ImageSection type) {
        return sections(bytes).stream().filter(s -> s.type() == type.type()).findFirst().orElseThrow();
    }

    /** Recomputes the CRC of the section so a test reaches the decoder, not the checksum check. */
    static void reseal(byte[] bytes, Section s) {
        CRC32 crc = new CRC32();
        crc.update(bytes, s.payloadOffset(), s.length());
        ByteBuffer.wrap(bytes).putInt(s.payloadOffset() + s.length(), (int) crc.getValue());
    }

    /** The bytes with one section's payload replaced, length and CRC updated. */
    static byte[] replacePayload(byte[] bytes, Section s, byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(bytes.length - s.length() + payload.length);
        out.put(bytes, 0, s.headerOffset());
        out.putShort((short) s.type());
        out.putInt(payload.length);
        out.put(payload);
        CRC32 crc = new CRC32();
        crc.update(payload);
        out.putInt((int) crc.getValue());
        int after = s.payloadOffset() + s.length() + 4;
        out.put(bytes, after, bytes.length - after);
        return out.array();
    }
}
