package dev.loihi.host;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Presents inputs on several presenters at once, one thread each, all taking the next input from
 * one shared queue; what they complete comes back to the caller's thread, in the order it
 * completes, through {@link #next()}. After {@link #stop()} each worker finishes the input in
 * hand and takes no other, so a failure in one ends the others within one presentation.
 */
final class Dispatcher implements AutoCloseable {
    /** What a worker hands back: a presentation of {@code input}, its failure, or the worker's end. */
    record Completion(int input, Presenter.Presentation presentation, Throwable failure) {
        static final Completion WORKER_ENDED = new Completion(-1, null, null);

        boolean workerEnded() {
            return input < 0;
        }
    }

    private final BlockingQueue<Completion> completed = new LinkedBlockingQueue<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private int running;

    /** Starts one worker per presenter (at most one per input) on {@code inputs}, indices into {@code x}. */
    Dispatcher(List<Presenter> presenters, double[][] x, int[] inputs, int steps, int settleSteps) {
        AtomicInteger next = new AtomicInteger();
        int workers = Math.min(presenters.size(), inputs.length);
        for (int w = 0; w < workers; w++) {
            Presenter presenter = presenters.get(w);
            Thread t = new Thread(() -> {
                try {
                    for (int k; !stopped.get() && (k = next.getAndIncrement()) < inputs.length; ) {
                        int i = inputs[k];
                        try {
                            completed.add(new Completion(i, presenter.present(x[i], steps, settleSteps), null));
                        } catch (Throwable e) {
                            completed.add(new Completion(i, null, e));
                            return;
                        }
                    }
                } finally {
                    completed.add(Completion.WORKER_ENDED);
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
     * The completions there are now, at least one; blocks until one is there. Call only while
     * {@link #busy()}. Taking them together lets the caller record them with one disk write.
     */
    List<Completion> next() throws InterruptedException {
        List<Completion> batch = new ArrayList<>();
        batch.add(completed.take());
        completed.drainTo(batch);
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
