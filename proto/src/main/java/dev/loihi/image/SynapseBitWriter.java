package dev.loihi.image;

import java.util.Arrays;

/**
 * Appends bit fields to a synapse memory of 64-bit words, most significant bit first, so the
 * first field of a run sits in the top bits of its word (docs/IMAGE_FORMAT.md).
 */
final class SynapseBitWriter {
    private long[] words = new long[64];
    private long bitPosition;

    void write(long value, int bits) {
        int left = bits;
        while (left > 0) {
            int word = (int) (bitPosition >>> 6);
            if (word >= words.length) {
                words = Arrays.copyOf(words, words.length * 2);
            }
            int free = 64 - (int) (bitPosition & 63);
            int take = Math.min(free, left);
            long chunk = (value >>> (left - take)) & mask(take);
            words[word] |= chunk << (free - take);
            left -= take;
            bitPosition += take;
        }
    }

    /** Runs start on a word boundary; the gap stays zero. */
    void padToWord() {
        bitPosition = (bitPosition + 63) & ~63L;
        int needed = (int) (bitPosition >>> 6);
        if (needed > words.length) {
            words = Arrays.copyOf(words, Math.max(needed, words.length * 2));
        }
    }

    int wordPosition() {
        return (int) ((bitPosition + 63) >>> 6);
    }

    long[] toWords() {
        return Arrays.copyOf(words, wordPosition());
    }

    static long mask(int bits) {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }
}
