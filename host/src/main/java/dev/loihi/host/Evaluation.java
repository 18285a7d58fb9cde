package dev.loihi.host;

import dev.loihi.common.LoihiException;
import dev.loihi.snips.ChannelReport;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/** Presents every input and collects predictions and channel statistics, telling {@link Progress} as it goes. */
public final class Evaluation {
    private Evaluation() {}

    /**
     * @param steps      steps of every input, those a resumed run took from its journal included
     * @param stepsRun   steps presented in this run, over {@code seconds}
     * @param workers    workers that presented inputs at once (only timings depend on it)
     */
    public record Outcome(int[] predictions, double[][] scores, int[] inputSpikes, ChannelReport channel,
                          Set<String> warnings, long steps, long stepsRun, double seconds, int workers,
                          List<BoardFailure> boardFailures) {
        /** Steps presented in this run per second of it (a resumed run's journal took no time now). */
        public double stepsPerSecond() {
            return seconds > 0 ? stepsRun / seconds : 0;
        }
    }

    /**
     * A board of a pool that failed part way, and how many inputs it held that went to the other
     * boards (each is presented there whole, and counted once).
     */
    public record BoardFailure(String board, int inputsMoved, String error) {
        /** What the run says of it, on one line. */
        public String line() {
            return "board failed, its inputs moved to the other boards: board=" + board + ", inputs_moved=" + inputsMoved
                    + ", error=" + error;
        }
    }

    public static Outcome run(List<Presenter> presenters, double[][] x, int steps, int settleSteps, Progress progress) {
        return run(presenters, x, steps, settleSteps, progress, null);
    }

    public static Outcome run(List<Presenter> presenters, double[][] x, int steps, int settleSteps, Progress progress,
                              RunJournal journal) {
        return run(presenters, new int[presenters.size()], BoardPool.of((String) null), x, steps, settleSteps, progress,
                journal, board -> { });
    }

    /**
     * As {@link #run(List, double[][], int, int, Progress, RunJournal)} on every link of
     * {@code workers}: when one board of a pool fails, the inputs it held are presented on the
     * others and the outcome names it ({@link Outcome#boardFailures()}); when every board has
     * failed, POOL_FAILED with what the journal holds.
     */
    public static Outcome run(Workers workers, double[][] x, int steps, int settleSteps, Progress progress,
                              RunJournal journal) {
        // a board that failed in an earlier run (evaluate runs once per length) is left out
        List<Presenter> presenters = new ArrayList<>();
        List<Integer> boards = new ArrayList<>();
        List<Presenter> all = workers.presenters();
        int[] boardOf = workers.boards();
        for (int p = 0; p < all.size(); p++) {
            if (!workers.isDown(boardOf[p])) {
                presenters.add(all.get(p));
                boards.add(boardOf[p]);
            }
        }
        if (presenters.isEmpty()) {
            throw new LoihiException(HostErrors.POOL_FAILED, "every board failed in an earlier run: boards="
                    + workers.pool().size() + ", inputs=" + x.length);
        }
        return run(presenters, boards.stream().mapToInt(Integer::intValue).toArray(), workers.pool(), x, steps,
                settleSteps, progress, journal, workers::boardDown);
    }

    /**
     * Presents every input {@code journal} does not hold yet, on all {@code presenters} at once,
     * recording each one as it completes. The outcome is put together in input order, so it is
     * the same whatever the number of presenters and the order inputs completed in. A failure
     * stops every worker; it names the input it hit and how many are safe in the journal.
     */
    private static Outcome run(List<Presenter> presenters, int[] boardOf, BoardPool pool, double[][] x, int steps,
                               int settleSteps, Progress progress, RunJournal journal, IntConsumer boardDown) {
        Presenter.Presentation[] done = new Presenter.Presentation[x.length];
        if (journal != null) {
            journal.done().forEach((i, p) -> done[i] = p);
        }
        int[] pending = IntStream.range(0, x.length).filter(i -> done[i] == null).toArray();
        int doneCount = x.length - pending.length;
        int ranNow = 0;
        int failedInput = -1;
        Throwable failure = null;
        Map<Integer, BoardFailure> boardFailures = new TreeMap<>();
        long start = System.nanoTime();
        int workers;
        try (progress; Dispatcher dispatcher = new Dispatcher(presenters, boardOf, pool.size(), x, pending, steps,
                settleSteps)) {
            workers = dispatcher.workers();
            progress.started(x.length, doneCount);
            while (dispatcher.busy()) {
                SortedMap<Integer, Presenter.Presentation> completed = new TreeMap<>();
                for (Dispatcher.Completion c : dispatcher.next()) {
                    if (c.moved()) {
                        boardDown.accept(c.board());
                        boardFailures.merge(c.board(), new BoardFailure(pool.targets().get(c.board()), 1,
                                        describe(c.failure())),
                                (a, b) -> new BoardFailure(a.board(), a.inputsMoved() + 1, a.error()));
                    } else if (c.failure() != null) {
                        // Several workers can fail (a board that died fails all): the lowest input is the one to name.
                        if (failure == null || c.input() < failedInput) {
                            failure = c.failure();
                            failedInput = c.input();
                        }
                        dispatcher.stop();
                    } else if (!c.workerEnded()) {
                        // Completed after another worker failed still counts: the journal keeps it for --resume.
                        completed.put(c.input(), c.presentation());
                    }
                }
                if (completed.isEmpty()) {
                    continue;
                }
                if (journal != null) {
                    journal.record(completed);
                }
                for (Map.Entry<Integer, Presenter.Presentation> e : completed.entrySet()) {
                    done[e.getKey()] = e.getValue();
                    doneCount++;
                    ranNow++;
                    double s = (System.nanoTime() - start) / 1e9;
                    progress.inputDone(doneCount, (double) ranNow * steps / Math.max(s, 1e-9));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoihiException(HostErrors.RUN_INTERRUPTED, "run interrupted: inputsDone=" + doneCount + resumeHint(journal));
        }
        if (failure != null) {
            throw failed(failure, failedInput, doneCount, journal);
        }
        if (doneCount < x.length) {
            // every worker ended with inputs left: each board failed in turn and none is left to take them
            throw new LoihiException(HostErrors.POOL_FAILED, "every board failed: boards=" + pool.size() + ", inputsDone="
                    + doneCount + ", inputsLeft=" + (x.length - doneCount) + ", failures="
                    + boardFailures.values().stream().map(f -> f.board() + " " + f.error()).toList()
                    + resumeHint(journal));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return outcome(done, steps, (long) ranNow * steps, seconds, workers, List.copyOf(boardFailures.values()));
    }

    private static String describe(Throwable failure) {
        return failure instanceof LoihiException e ? "[" + e.code() + "] " + e.getMessage() : String.valueOf(failure);
    }

    /** Sums the presentations in input order: the order they completed in leaves no trace. */
    private static Outcome outcome(Presenter.Presentation[] done, int steps, long stepsRun, double seconds,
                                   int workers, List<BoardFailure> boardFailures) {
        int[] predictions = new int[done.length];
        double[][] scores = new double[done.length][];
        int[] spikes = new int[done.length];
        ChannelReport channel = ChannelReport.EMPTY;
        Set<String> warnings = new LinkedHashSet<>();
        for (int i = 0; i < done.length; i++) {
            Presenter.Presentation p = done[i];
            scores[i] = p.scores();
            predictions[i] = classOf(p.scores());
            spikes[i] = p.inputSpikes();
            channel = channel.plus(p.channel());
            warnings.addAll(p.warnings());
        }
        return new Outcome(predictions, scores, spikes, channel, warnings, (long) done.length * steps, stepsRun, seconds,
                workers, boardFailures);
    }

    /** The failure of a worker, as the user sees it: what went wrong, on which input, and what is saved. */
    private static RuntimeException failed(Throwable failure, int input, int doneCount, RunJournal journal) {
        if (failure instanceof LoihiException e) {
            return new LoihiException(e.code(), e.getMessage() + ", input=" + input + ", inputsDone=" + doneCount
                    + (e.code().startsWith("LINK_") ? resumeHint(journal) : ""), e);
        }
        // Not an expected failure: a bug, reported as one (exit 3), with the input it happened on.
        return new IllegalStateException("worker failed: input=" + input + ", error=" + failure, failure);
    }

    private static String resumeHint(RunJournal journal) {
        return journal == null ? "" : ", journal=" + journal.file() + " (continue with --resume)";
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
