package dev.loihi.cli;

import dev.loihi.host.Progress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress for a log: one whole line at each tenth of the inputs (and at the end), so a
 * redirected stderr holds at most eleven lines per run and never a carriage return.
 */
final class ProgressLines implements Progress {
    private static final int LINES = 10;

    private final String label;
    private final PrintStream err;
    private int total;
    private int printedTenths = -1;

    ProgressLines(String label, PrintStream err) {
        this.label = label;
        this.err = err;
    }

    @Override
    public void started(int total, int done) {
        this.total = total;
        if (done > 0) {
            err.printf("%s: %d/%d inputs from the journal%n", label, done, total);
        }
        printedTenths = tenths(done);
    }

    @Override
    public void inputDone(int done, double stepsPerSecond) {
        int t = tenths(done);
        if (t > printedTenths) {
            printedTenths = t;
            err.printf(Locale.ROOT, "%s: %d/%d inputs, %,.0f steps/s%n", label, done, total, stepsPerSecond);
        }
    }

    private int tenths(int done) {
        return total == 0 ? LINES : (int) ((long) done * LINES / total);
    }

    @Override
    public void close() {
        err.flush();
    }
}
