package dev.loihi.image;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Big-endian field sink for one section payload. Fields go straight into a growing array: through
 * {@code ByteArrayOutputStream}'s synchronized {@code write} per byte, writing the synapse
 * sections was most of the CPU of uploading an image to the in-process emulator.
 */
final class PayloadWriter {
    private byte[] out = new byte[256];
    private int size;

    private void room(int bytes) {
        if (size + bytes > out.length) {
            out = Arrays.copyOf(out, Math.max(size + bytes, 2 * out.length));
        }
    }

    void u8(int v) {
        room(1);
        out[size++] = (byte) v;
    }

    void u16(int v) {
        room(2);
        out[size++] = (byte) (v >>> 8);
        out[size++] = (byte) v;
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
        room(b.length);
        System.arraycopy(b, 0, out, size, b.length);
        size += b.length;
    }

    /** u16 byte count, then UTF-8; the validator already bounded the length and checked encodability. */
    void name(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u16(b.length);
        bytes(b);
    }

    int size() {
        return size;
    }

    byte[] toBytes() {
        return Arrays.copyOf(out, size);
    }
}
