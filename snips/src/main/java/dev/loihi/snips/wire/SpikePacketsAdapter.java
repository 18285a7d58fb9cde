package dev.loihi.snips.wire;

import dev.loihi.proto.link.SpikePackets;
import dev.loihi.snips.SpikeWordDescriptor;

/**
 * Chip-side {@code SpikePackets} to packet calls. Checks the message's lengths before it reads
 * a word (every header list as long as the others, words in one field only, and exactly two
 * words per announced spike), then hands each packet on with its words in a reused array.
 */
public final class SpikePacketsAdapter {
    /** {@link #onMessage} result: the header lists or the word count disagree; nothing was handed on. */
    public static final int LENGTH_MISMATCH = Integer.MIN_VALUE;

    private int[] words = new int[1024];
    private String lastProblem = "";

    /** Hands every packet to {@code handler}; 0, {@link #LENGTH_MISMATCH}, or the handler's first negative status. */
    public int onMessage(SpikePackets m, PacketHandler handler) {
        int packets = m.getStepDeltaCount();
        if (m.getChipCount() != packets || m.getPacketIndexCount() != packets || m.getPacketsInStepCount() != packets
                || m.getSpikesCount() != packets) {
            lastProblem = "spike packet headers differ in length: stepDeltas=" + packets + ", chips=" + m.getChipCount()
                    + ", packetIndices=" + m.getPacketIndexCount() + ", packetsInStep=" + m.getPacketsInStepCount()
                    + ", spikes=" + m.getSpikesCount();
            return LENGTH_MISMATCH;
        }
        long expectedWords = 0;
        for (int i = 0; i < packets; i++) {
            expectedWords += Integer.toUnsignedLong(m.getSpikes(i)) * SpikeWordDescriptor.WORDS_PER_SPIKE;
        }
        boolean bulk = !m.getWordBytes().isEmpty();
        if (bulk && m.getWordsCount() > 0) {
            lastProblem = "spike words in both fields: words=" + m.getWordsCount() + ", wordBytes=" + m.getWordBytes().size();
            return LENGTH_MISMATCH;
        }
        int n = bulk ? PackedWords.count(m.getWordBytes()) : m.getWordsCount();
        if (expectedWords != n) {
            lastProblem = "spike packet words do not match their counts: words=" + n + ", wordBytes="
                    + m.getWordBytes().size() + ", announcedWords=" + expectedWords;
            return LENGTH_MISMATCH;
        }
        if (words.length < n) {
            words = new int[Math.max(n, words.length * 2)];
        }
        if (bulk) {
            PackedWords.read(m.getWordBytes(), words);
        } else {
            for (int i = 0; i < n; i++) {
                words[i] = m.getWords(i);
            }
        }
        int at = 0;
        for (int i = 0; i < packets; i++) {
            int spikes = m.getSpikes(i);
            int status = handler.onPacket(m.getFirstStep() + Integer.toUnsignedLong(m.getStepDelta(i)), m.getChip(i),
                    m.getPacketIndex(i), m.getPacketsInStep(i), words, at, spikes);
            if (status < 0) {
                return status;
            }
            at += spikes * SpikeWordDescriptor.WORDS_PER_SPIKE;
        }
        return 0;
    }

    /** What the last {@link #LENGTH_MISMATCH} was about, as {@code what: key=value}. */
    public String lastProblem() {
        return lastProblem;
    }
}
