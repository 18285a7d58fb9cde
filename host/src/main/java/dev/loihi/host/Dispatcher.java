package dev.loihi.host;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Presents inputs on several presenters at once, one thread each, all taking the next input from
 * one shared queue; what they complete comes back to the caller's thread, in the order it
 * completes, through {@link #next()}. After {@link #stop()} each worker finishes the input in
 * hand and takes no other, so a failure in one ends the others within one presentation.
 *
 * <p>A completed presentation does not wake the caller: it collects what completed every
 * {@value #COLLECT_MS} ms, and only a failure or a worker's end wakes it at once. Waking it per
 * input (a few thousand times a second on a small network) took a core from the workers each
 * time on a machine whose cores they fill: about a tenth of the main job's steps per second.
 *
 * <p>With presenters on several boards, a board failure ({@link BoardPool#boardFailed}) puts the
 * input back at the head of the queue for the other boards' workers, and the failed board's
 * workers take no other input; workers wait for such inputs until every input is done.
 */
final class Dispatcher implements AutoCloseable {
    /**
     * What a worker hands back: a presentation of {@code input}, its failure, or the worker's end;
     * {@code moved} when the failure was its board's and the input went back to the queue.
     */
    record Completion(int input, Presenter.Presentation presentation, Throwable failure, int board, boolean moved) {
        static final Completion WORKER_ENDED = new Completion(-1, null, null, -1, false);

        boolean workerEnded() {
            return input < 0;
        }
    }

    /** Queued after the last input completes (or on stop): every worker that takes it puts it back and ends. */
    private static final int END = -1;
    /** How often a waiting worker looks whether its board went down: only the run's tail waits. */
    private static final long WAIT_MS = 20;
    /** How often the caller collects completed inputs when nothing wakes it: progress and journal need no more. */
    static final long COLLECT_MS = 20;

    private final ConcurrentLinkedQueue<Completion> completed = new ConcurrentLinkedQueue<>();
    /** The thread in {@link #next()}, woken by a failure or a worker's end. */
    private volatile Thread caller = Thread.currentThread();
    private final BlockingDeque<Integer> queue = new LinkedBlockingDeque<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private int running;

    /** Starts one worker per presenter (at most one per input) on {@code inputs}, indices into {@code x}; one board. */
    Dispatcher(List<Presenter> presenters, double[][] x, int[] inputs, int steps, int settleSteps) {
        this(presenters, new int[presenters.size()], 1, x, inputs, steps, settleSteps);
    }

    /** As above, presenter {@code p} on board {@code boardOf[p]} of {@code boards}. */
    Dispatcher(List<Presenter> presenters, int[] boardOf, int boards, double[][] x, int[] inputs, int steps,
               int settleSteps) {
        for (int i : inputs) {
            queue.add(i);
        }
        AtomicInteger outstanding = new AtomicInteger(inputs.length);
        AtomicBoolean[] down = new AtomicBoolean[boards];
        for (int b = 0; b < boards; b++) {
            down[b] = new AtomicBoolean();
        }
        int workers = Math.min(presenters.size(), inputs.length);
        for (int w = 0; w < workers; w++) {
            Presenter presenter = presenters.get(w);
            int board = boardOf[w];
            Thread t = new Thread(() -> {
                try {
                    while (!stopped.get() && !down[board].get()) {
                        Integer i = queue.pollFirst(WAIT_MS, TimeUnit.MILLISECONDS);
                        if (i == null) {
                            continue;
                        }
                        if (i == END) {
                            queue.addLast(END);
                            return;
                        }
                        try {
                            completed.add(new Completion(i, presenter.present(x[i], steps, settleSteps), null, board,
                                    false));
                        } catch (Throwable e) {
                            boolean moved = boards > 1 && BoardPool.boardFailed(e);
                            if (moved) {
                                // at the head: the input waits no longer than it did
                                down[board].set(true);
                                queue.addFirst(i);
                            }
                            completed.add(new Completion(i, null, e, board, moved));
                            LockSupport.unpark(caller);
                            return;
                        }
                        if (outstanding.decrementAndGet() == 0) {
                            queue.addLast(END);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    completed.add(Completion.WORKER_ENDED);
                    LockSupport.unpark(caller);
                }
            }, "loihi-worker-" + w);
            t.setDaemon(true);
            threads.add(t);
        }
        running = workers;
        threads.forEach(Thread::start);
    }

    /** Workers started: fewer than the presenters when there are fewer inputs. */
    int workers() {
        return threads.size();
    }

    /** Whether some worker has not ended yet: completions may still come. */
    boolean busy() {
        return running > 0;
    }

    /**
     * The completions there are now, at least one; waits until one is there and then returns
     * within {@value #COLLECT_MS} ms, at once after a failure or a worker's end. Call only while
     * {@link #busy()}. Taking them together lets the caller record them with one disk write.
     */
    List<Completion> next() throws InterruptedException {
        caller = Thread.currentThread();
        if (Thread.interrupted()) {
            // as a blocking queue's take: an interrupted caller stops even with completions waiting
            throw new InterruptedException();
        }
        List<Completion> batch = new ArrayList<>();
        while (true) {
            for (Completion c; (c = completed.poll()) != null; ) {
                batch.add(c);
            }
            if (!batch.isEmpty()) {
                break;
            }
            // a failure or an end that came before this park left its permit: no wake is lost
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(COLLECT_MS));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        for (Completion c : batch) {
            if (c.workerEnded()) {
                running--;
            }
        }
        return batch;
    }

    /** No worker takes another input. */
    void stop() {
        stopped.set(true);
        queue.addFirst(END);
    }

    /** Stops the workers and waits for the inputs in hand, so no worker still uses its link after this. */
    @Override
    public void close() {
        stop();
        boolean interrupted = false;
        for (Thread t : threads) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
