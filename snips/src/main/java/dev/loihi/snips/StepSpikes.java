package dev.loihi.snips;

import java.util.Arrays;

/**
 * The spikes of one step, per chip, as spike word pairs ({@link SpikeWordDescriptor}) in
 * reusable growing arrays: a run fills, sends and clears one of these every step without
 * allocating once the arrays have grown to the busiest step.
 */
public final class StepSpikes {
    private static final int INITIAL_SPIKES = 64;

    private final int[][] words;
    private final int[] spikes;

    public StepSpikes(int chips) {
        if (chips < 1) {
            throw new IllegalArgumentException("chips=" + chips);
        }
        words = new int[chips][SpikeWordDescriptor.WORDS_PER_SPIKE * INITIAL_SPIKES];
        spikes = new int[chips];
    }

    public int chips() {
        return spikes.length;
    }

    public void add(int chip, int addressWord, int typeWord) {
        int n = spikes[chip];
        int[] w = words[chip];
        int at = n * SpikeWordDescriptor.WORDS_PER_SPIKE;
        if (at + 1 >= w.length) {
            w = grow(chip);
        }
        w[at] = addressWord;
        w[at + 1] = typeWord;
        spikes[chip] = n + 1;
    }

    private int[] grow(int chip) {
        words[chip] = Arrays.copyOf(words[chip], words[chip].length * 2);
        return words[chip];
    }

    /** Appends {@code count} spikes of {@code chip}, word pairs from {@code src[fromWord]} on, in one copy. */
    public void append(int chip, int[] src, int fromWord, int count) {
        int n = spikes[chip];
        int at = n * SpikeWordDescriptor.WORDS_PER_SPIKE;
        int len = count * SpikeWordDescriptor.WORDS_PER_SPIKE;
        if (at + len > words[chip].length) {
            words[chip] = Arrays.copyOf(words[chip], Math.max(at + len, 2 * words[chip].length));
        }
        System.arraycopy(src, fromWord, words[chip], at, len);
        spikes[chip] = n + count;
    }

    /** Spikes for {@code chip} in this step. */
    public int spikes(int chip) {
        return spikes[chip];
    }

    /** The chip's word pairs; entries beyond {@code 2 x spikes(chip)} are stale. */
    public int[] words(int chip) {
        return words[chip];
    }

    public long totalSpikes() {
        long n = 0;
        for (int s : spikes) {
            n += s;
        }
        return n;
    }

    public void clear() {
        Arrays.fill(spikes, 0);
    }
}
