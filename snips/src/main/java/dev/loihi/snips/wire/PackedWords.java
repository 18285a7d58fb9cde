package dev.loihi.snips.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Spike words as the bytes of a {@code SpikePackets.word_bytes} field: little-endian uint32, the
 * layout of a packed repeated fixed32. Both ends copy them in bulk; this is the one place the
 * byte order is written down.
 */
public final class PackedWords {
    private PackedWords() {}

    public static final int BYTES_PER_WORD = 4;

    /** The first {@code count} words of {@code words}, as bytes the returned ByteString owns. */
    public static ByteString of(int[] words, int count) {
        byte[] bytes = new byte[count * BYTES_PER_WORD];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(words, 0, count);
        // The array is never touched again, so the ByteString may keep it without a copy.
        return UnsafeByteOperations.unsafeWrap(bytes);
    }

    /** Words in {@code bytes}; -1 when the length is not a whole number of words. */
    public static int count(ByteString bytes) {
        return bytes.size() % BYTES_PER_WORD == 0 ? bytes.size() / BYTES_PER_WORD : -1;
    }

    /** Copies every word of {@code bytes} to the start of {@code out}. */
    public static void read(ByteString bytes, int[] out) {
        bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out, 0, bytes.size() / BYTES_PER_WORD);
    }
}
