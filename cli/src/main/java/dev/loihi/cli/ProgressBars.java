package dev.loihi.cli;

import dev.loihi.host.Progress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run's progress on stderr: a bar redrawn in place on a terminal, whole lines (no carriage
 * returns) when stderr goes to a file or a pipe, where a redrawn bar would fill a log with
 * partial lines.
 */
final class ProgressBars {
    private ProgressBars() {}

    /** A bar named {@code label}, or nothing when {@code draw} is false. */
    static Progress of(String label, boolean draw) {
        return of(label, draw, stderrIsTerminal(), System.err);
    }

    static Progress of(String label, boolean draw, boolean terminal, PrintStream err) {
        if (!draw) {
            return Progress.NONE;
        }
        return terminal ? new Bar(label, err) : new ProgressLines(label, err);
    }

    /**
     * Whether stderr is a terminal. Linux tells through /proc; elsewhere Java only knows whether
     * the process has a console (stdin and stdout), the closest it can tell.
     */
    static boolean stderrIsTerminal() {
        Path fd = Path.of("/proc/self/fd/2");
        if (Files.isSymbolicLink(fd)) {
            try {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException e) {
                return false;
            }
        }
        return System.console() != null;
    }

    private static final class Bar implements Progress {
        private final String label;
        private final PrintStream err;
        private ProgressBar bar;

        Bar(String label, PrintStream err) {
            this.label = label;
            this.err = err;
        }

        @Override
        public void started(int total, int done) {
            bar = new ProgressBarBuilder().setTaskName(label).setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).continuousUpdate()
                    .setConsumer(new ConsoleProgressBarConsumer(err)).build();
            bar.stepTo(done);
        }

        @Override
        public void inputDone(int done, double stepsPerSecond) {
            bar.stepTo(done);
            bar.setExtraMessage(String.format("%,.0f steps/s", stepsPerSecond));
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
