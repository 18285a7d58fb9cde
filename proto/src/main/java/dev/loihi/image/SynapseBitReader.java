package dev.loihi.image;

/** Reads bit fields back from synapse memory words in the order {@link SynapseBitWriter} wrote them. */
final class SynapseBitReader {
    private final long[] words;
    private long bitPosition;

    SynapseBitReader(long[] words, int startWord) {
        this.words = words;
        this.bitPosition = (long) startWord << 6;
    }

    /** Callers bound the run by the memory size first, so reads stay inside {@code words}. */
    long read(int bits) {
        long value = 0;
        int left = bits;
        while (left > 0) {
            int word = (int) (bitPosition >>> 6);
            int available = 64 - (int) (bitPosition & 63);
            int take = Math.min(available, left);
            long chunk = (words[word] >>> (available - take)) & SynapseBitWriter.mask(take);
            value = (value << take) | chunk;
            left -= take;
            bitPosition += take;
        }
        return value;
    }

    /** The padding bits up to the next word boundary, which a valid run leaves zero. */
    long readPadding() {
        int pad = (int) ((64 - (bitPosition & 63)) & 63);
        return pad == 0 ? 0 : read(pad);
    }

    int wordPosition() {
        return (int) ((bitPosition + 63) >>> 6);
    }
}
