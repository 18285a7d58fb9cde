package dev.loihi.host;

import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.link.LinkOptions;

import java.nio.file.Path;

/**
 * A workload open on a target, ready to classify inputs: what {@code loihi run} does, for Java
 * callers. Each input is presented for a number of steps on one of the workers' links, and its
 * class read from the output; results come back in input order whatever the worker count.
 */
public final class ChipRunner implements AutoCloseable {
    private final Workload work;
    private final Workers workers;

    private ChipRunner(Workload work, Workers workers) {
        this.work = work;
        this.workers = workers;
    }

    /**
     * Opens {@code workers} links to {@code target} (null: the in-process emulator) and uploads
     * the workload's image on each. {@code source} names the inputs in error messages.
     */
    public static ChipRunner open(Workload work, String target, LinkOptions link, ChannelConfig channel, int workers,
                                  Path source) {
        return open(work, BoardPool.of(target), link, channel, new int[] {workers}, source);
    }

    /** As above on a pool of boards, {@code perBoard[b]} links to board {@code b}. */
    public static ChipRunner open(Workload work, BoardPool pool, LinkOptions link, ChannelConfig channel, int[] perBoard,
                                  Path source) {
        return new ChipRunner(work, Workers.open(pool, link, perBoard, work.image(),
                l -> new Presenter(l, work.info(), work.info().encoder(source), channel)));
    }

    /** The in-process emulator, one worker per processor, default link and snip channel. */
    public static ChipRunner inProcess(Workload work) {
        return open(work, null, LinkOptions.defaults(), ChannelConfig.defaults(),
                Runtime.getRuntime().availableProcessors(), Path.of("inputs"));
    }

    /** Presents every row of {@code x} for {@code stepsPerInput} steps, the first few settling uncounted. */
    public Evaluation.Outcome classify(double[][] x, int stepsPerInput) {
        for (int i = 0; i < x.length; i++) {
            work.info().checkWidth(x[i], Path.of("inputs"), i);
        }
        return Evaluation.run(workers, x, stepsPerInput, work.defaultSettle(stepsPerInput), Progress.NONE, null);
    }

    @Override
    public void close() {
        workers.close();
    }
}
