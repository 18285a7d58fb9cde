package dev.loihi.compiler.calibrate;

/**
 * A readout's margin for the class the float model predicts, against the float model's runner-up:
 * positive where the readout's class agrees (bar ties with a third class). For one output the
 * class is its sign, and the margin the output toward it.
 */
record Margin(int winner, int runnerUp) {
    static Margin toward(double[] reference) {
        int winner = CalibrationSearch.classOf(reference);
        if (reference.length == 1) {
            return new Margin(winner, -1);
        }
        int runnerUp = winner == 0 ? 1 : 0;
        for (int j = 0; j < reference.length; j++) {
            if (j != winner && reference[j] > reference[runnerUp]) {
                runnerUp = j;
            }
        }
        return new Margin(winner, runnerUp);
    }

    double in(double[] readout) {
        if (runnerUp < 0) {
            return winner == 1 ? readout[0] : -readout[0];
        }
        return readout[winner] - readout[runnerUp];
    }
}
