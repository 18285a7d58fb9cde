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

    /** The same synapses as a matrix [pre][post] (tests and small networks). */
    long[][] dense() {
        long[][] w = new long[rows()][nPost];
        for (int i = 0; i < rows(); i++) {
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                w[i][post[k]] = steps[k];
            }
        }
        return w;
    }

    /** The nonzero entries of {@code w} (a matrix [pre][post]). */
    static StepRows of(long[][] w) {
        int nPost = w.length == 0 ? 0 : w[0].length;
        int[] rowStart = new int[w.length + 1];
        for (int i = 0; i < w.length; i++) {
            int n = 0;
            for (long x : w[i]) {
                n += x != 0 ? 1 : 0;
            }
            rowStart[i + 1] = rowStart[i] + n;
        }
        int[] post = new int[rowStart[w.length]];
        long[] steps = new long[post.length];
        for (int i = 0; i < w.length; i++) {
            int k = rowStart[i];
            for (int j = 0; j < nPost; j++) {
                if (w[i][j] != 0) {
                    post[k] = j;
                    steps[k++] = w[i][j];
                }
            }
        }
        return new StepRows(nPost, rowStart, post, steps);
    }
}
