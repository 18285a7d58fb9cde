package dev.loihi.cli.host;

import dev.loihi.common.LoihiException;
import dev.loihi.snips.ChannelReport;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Presents every input and collects predictions and channel statistics, with a progress bar. */
public final class Evaluation {
    private Evaluation() {}

    public record Outcome(int[] predictions, double[][] scores, int[] inputSpikes, ChannelReport channel,
                          Set<String> warnings, long steps, double seconds) {
        public double stepsPerSecond() {
            return seconds > 0 ? steps / seconds : 0;
        }
    }

    public static Outcome run(Presenter presenter, double[][] x, int steps, int settleSteps, String label,
                              boolean progress) {
        return run(presenter, x, steps, settleSteps, label, progress, null);
    }

    /**
     * As above, continuing after the inputs {@code journal} holds and recording each one it
     * completes. A failure names the input it hit and how many are safe in the journal.
     */
    public static Outcome run(Presenter presenter, double[][] x, int steps, int settleSteps, String label,
                              boolean progress, RunJournal journal) {
        List<Presenter.Presentation> done = journal == null ? List.of() : journal.done();
        int[] predictions = new int[x.length];
        double[][] scores = new double[x.length][];
        int[] spikes = new int[x.length];
        ChannelReport channel = ChannelReport.EMPTY;
        Set<String> warnings = new LinkedHashSet<>();
        long start = System.nanoTime();
        try (ProgressBar bar = progress ? bar(label, x.length) : null) {
            for (int i = 0; i < x.length; i++) {
                Presenter.Presentation p = i < done.size() ? done.get(i) : present(presenter, x, i, steps, settleSteps,
                        journal);
                scores[i] = p.scores();
                predictions[i] = classOf(p.scores());
                spikes[i] = p.inputSpikes();
                channel = channel.plus(p.channel());
                warnings.addAll(p.warnings());
                if (bar != null) {
                    bar.step();
                    double s = (System.nanoTime() - start) / 1e9;
                    bar.setExtraMessage(String.format("%,.0f steps/s", (i + 1.0) * steps / Math.max(s, 1e-9)));
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Outcome(predictions, scores, spikes, channel, warnings, (long) x.length * steps, seconds);
    }

    private static Presenter.Presentation present(Presenter presenter, double[][] x, int i, int steps, int settleSteps,
                                                  RunJournal journal) {
        Presenter.Presentation p;
        try {
            p = presenter.present(x[i], steps, settleSteps);
        } catch (LoihiException e) {
            throw new LoihiException(e.code(), e.getMessage() + ", input=" + i + ", inputsDone=" + i
                    + (journal == null || !e.code().startsWith("LINK_") ? ""
                    : ", journal=" + journal.file() + " (continue with --resume)"), e);
        }
        if (journal != null) {
            journal.record(p);
        }
        return p;
    }

    private static ProgressBar bar(String label, int total) {
        return new ProgressBarBuilder().setTaskName(label).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).continuousUpdate()
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    }

    /**
     * The class a readout names: the largest of several outputs. A single output is a binary
     * classifier (a sigmoid, or a logit), so its class is 1 when its pre-activation is above 0,
     * which is where sigmoid crosses one half; an argmax over one value would always say 0.
     */
    public static int classOf(double[] preActivations) {
        if (preActivations.length == 1) {
            return preActivations[0] > 0 ? 1 : 0;
        }
        return argmax(preActivations);
    }

    public static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    public static double agreement(int[] a, int[] b) {
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i]) {
                same++;
            }
        }
        return a.length == 0 ? Double.NaN : (double) same / a.length;
    }
}
