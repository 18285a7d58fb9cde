package dev.loihi.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Big-endian field sink for one section payload. */
final class PayloadWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    void u8(int v) {
        out.write(v);
    }

    void u16(int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    void u32(int v) {
        u16(v >>> 16);
        u16(v);
    }

    void u64(long v) {
        u32((int) (v >>> 32));
        u32((int) v);
    }

    void bytes(byte[] b) {
        out.writeBytes(b);
    }

    /** u16 byte count, then UTF-8; the validator already bounded the length and checked encodability. */
    void name(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u16(b.length);
        bytes(b);
    }

    int size() {
        return out.size();
    }

    byte[] toBytes() {
        return out.toByteArray();
    }
}
