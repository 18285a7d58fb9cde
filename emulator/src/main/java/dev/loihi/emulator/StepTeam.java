package dev.loihi.emulator;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Worker threads that step shards 1..n of one network while the calling thread steps shard 0,
 * one step at a time: {@link #step} returns when every shard has finished the step. Waiting
 * threads spin a little before they park, since a step of a network big enough to be shared
 * takes tens of microseconds to milliseconds, and a park and wake-up costs several.
 *
 * <p>Happens-before: the caller's writes before {@link #step} (host spikes, the merged spike
 * list) are seen by the workers through {@link #generation}; the workers' writes are seen by
 * the caller through {@link #pending}.
 */
final class StepTeam {
    /** How long a waiting thread spins before it parks. */
    private static final long SPIN_NANOS = 40_000;

    private final Thread[] workers;
    private final IntConsumer shardStep;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile long generation;
    private volatile boolean stopped;
    private volatile Thread caller;
    private volatile Throwable failure;
    /** Wall time the caller waited for the workers after its own shard, summed over steps (the benchmarks' barrier wait). */
    private long waitNanos;

    /** Starts {@code workerCount} daemon threads; worker k runs {@code shardStep.accept(k + 1)} each step. */
    StepTeam(int workerCount, IntConsumer shardStep) {
        this.shardStep = shardStep;
        workers = new Thread[workerCount];
        for (int k = 0; k < workerCount; k++) {
            int shard = k + 1;
            workers[k] = new Thread(() -> work(shard), "loihi-emulator-shard-" + shard);
            workers[k].setDaemon(true);
            workers[k].start();
        }
    }

    int threads() {
        return workers.length + 1;
    }

    /** Wall time the caller has waited for the workers after stepping its own shard, over every step so far. */
    long waitNanos() {
        return waitNanos;
    }

    /** One step: the workers' shards on their threads, {@code own} (shard 0) on this one. */
    void step(Runnable own) {
        caller = Thread.currentThread();
        pending.set(workers.length);
        generation++;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        own.run();
        long ownDone = System.nanoTime();
        long spinUntil = ownDone + SPIN_NANOS;
        while (pending.get() != 0) {
            if (System.nanoTime() < spinUntil) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
        waitNanos += System.nanoTime() - ownDone;
        Throwable t = failure;
        if (t != null) {
            throw new IllegalStateException("a stepping thread failed", t);
        }
    }

    /** Ends the worker threads (after the step under way, if any). */
    void stop() {
        stopped = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
    }

    /** Whether every worker thread has ended within {@code millis} (after {@link #stop}). */
    boolean awaitStopped(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        for (Thread w : workers) {
            w.join(Math.max(1, deadline - System.currentTimeMillis()));
            if (w.isAlive()) {
                return false;
            }
        }
        return true;
    }

    private void work(int shard) {
        long seen = 0;
        while (true) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            long now;
            while ((now = generation) == seen && !stopped) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            if (stopped) {
                return;
            }
            seen = now;
            try {
                shardStep.accept(shard);
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            if (pending.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }
    }
}
