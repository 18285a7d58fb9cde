package dev.loihi.compiler.phase;

/**
 * Integer synapse weights in P steps, row by row (compressed rows, posts ascending, no zero):
 * what a phase-coded stage's window connection is before {@link LadderWeights} splits it into
 * chip formats. Row i's synapses are {@code post[k]} / {@code steps[k]} for k in
 * {@code rowStart[i] .. rowStart[i + 1] - 1}.
 */
record StepRows(int nPost, int[] rowStart, int[] post, long[] steps) {

    int rows() {
        return rowStart.length - 1;
    }
}
