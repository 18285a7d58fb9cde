package dev.loihi.cli;

import dev.loihi.host.Progress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A run's progress drawn on stderr as a bar with the steps per second. */
final class ProgressBars {
    private ProgressBars() {}

    /** A bar named {@code label}, or nothing when {@code draw} is false. */
    static Progress of(String label, boolean draw) {
        return draw ? new Bar(label) : Progress.NONE;
    }

    private static final class Bar implements Progress {
        private final String label;
        private ProgressBar bar;

        Bar(String label) {
            this.label = label;
        }

        @Override
        public void started(int total, int done) {
            bar = new ProgressBarBuilder().setTaskName(label).setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).continuousUpdate()
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
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
