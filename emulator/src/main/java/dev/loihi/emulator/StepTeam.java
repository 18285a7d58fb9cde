package dev.loihi.emulator;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Worker threads that step shards 1..n of one network while the calling thread steps shard 0,
 * one step at a time: {@link #step} returns when every shard has finished the step. Waiting
 * threads spin before they park, since a step of a network big enough to be shared takes tens
 * of microseconds to milliseconds, and a park and wake-up costs tens. They spin (yielding the
 * processor after the first {@link #MIN_SPIN_NANOS}) as long as the caller's own shard took in
 * the last step ({@link #spinNanos}, from {@link #MIN_SPIN_NANOS} to
 * {@link #MAX_SPIN_NANOS}): a fixed 40 us was shorter than the jitter between two shards of a
 * millisecond, so on a full chip one thread parked and the next wake-up came late, which made
 * the other park in turn. A waiting thread so spends at most about the CPU of its own shard.
 *
 * <p>A thread about to park says so first ({@link #callerParking}, {@link #workerParking}) and
 * looks once more at what it waits for; the thread that ends the wait unparks it only then. So no
 * wake-up is lost, and no unpark is left over for a thread that never parked (which made its next
 * park return at once). A park is counted when it ended the wait, so that a park returning at
 * once to a permit left by the narrow race between the two is not counted as a second one.
 *
 * <p>A step in which a shard failed (on any thread) waits for the other shards, stops the workers
 * and throws; the network's state is then that of a step half taken, so every later step is
 * refused with an error naming the step that failed.
 *
 * <p>Happens-before: the caller's writes before {@link #step} (host spikes, the merged spike
 * list) are seen by the workers through {@link #generation}; the workers' writes are seen by
 * the caller through {@link #pending}.
 */
final class StepTeam {
    /** The least a waiting thread spins before it parks. */
    static final long MIN_SPIN_NANOS = 40_000;
    /** The most a waiting thread spins before it parks. */
    static final long MAX_SPIN_NANOS = 2_000_000;

    private final Thread[] workers;
    private final IntConsumer shardStep;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile long generation;
    private volatile boolean stopped;
    private volatile Thread caller;
    /** Whether the caller is about to park or parked, waiting for the workers. */
    private volatile boolean callerParking;
    /** Per worker, 1 while it is about to park or parked, waiting for the next step. */
    private final AtomicIntegerArray workerParking;
    /** The first failure of a shard's step on a worker thread in the step under way. */
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Steps begun. */
    private long steps;
    /** The step in which a shard failed (counted from 1), or 0: from then on steps are refused. */
    private long failedStep;
    private Throwable failedBy;
    /** Wall time the caller waited for the workers after its own shard, summed over steps (the benchmarks' barrier wait). */
    private long waitNanos;
    /** How long a waiting thread spins before it parks: the caller's own shard's time in the last step, bounded. */
    private volatile long spinNanos = MIN_SPIN_NANOS;
    /** Times a waiting thread parked (the caller and the workers), for the benchmarks. */
    private final AtomicLong parks = new AtomicLong();

    /** Starts {@code workerCount} daemon threads; worker k runs {@code shardStep.accept(k + 1)} each step. */
    StepTeam(int workerCount, IntConsumer shardStep) {
        this.shardStep = shardStep;
        workers = new Thread[workerCount];
        workerParking = new AtomicIntegerArray(workerCount);
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

    /** Times a waiting thread (the caller or a worker) has parked, over every step so far. */
    long parks() {
        return parks.get();
    }

    /** Wall time the caller has waited for the workers after stepping its own shard, over every step so far. */
    long waitNanos() {
        return waitNanos;
    }

    /**
     * One step: the workers' shards on their threads, {@code own} (shard 0) on this one. Throws
     * {@link IllegalStateException} when a shard failed in this step or in an earlier one.
     */
    void step(Runnable own) {
        if (failedStep != 0) {
            throw new IllegalStateException("stepping refused: a stepping thread failed in step " + failedStep
                    + " and the network's state is that of a step half taken; make a new emulator", failedBy);
        }
        steps++;
        caller = Thread.currentThread();
        pending.set(workers.length);
        generation++;
        for (int k = 0; k < workers.length; k++) {
            if (workerParking.get(k) != 0) {
                LockSupport.unpark(workers[k]);
            }
        }
        long ownStart = System.nanoTime();
        Throwable ownFailure = null;
        try {
            own.run();
        } catch (RuntimeException | Error e) {
            // the workers still step their shards: they are waited for before anything else
            ownFailure = e;
        }
        long ownDone = System.nanoTime();
        long spin = Math.max(MIN_SPIN_NANOS, Math.min(MAX_SPIN_NANOS, ownDone - ownStart));
        spinNanos = spin;
        while (pending.get() != 0) {
            if (pause(ownDone, spin)) {
                callerParking = true;
                if (pending.get() != 0) {
                    LockSupport.park(this);
                    countPark(pending.get() == 0);
                }
                callerParking = false;
            }
        }
        waitNanos += System.nanoTime() - ownDone;
        Throwable t = ownFailure != null ? ownFailure : failure.get();
        if (t != null) {
            failedStep = steps;
            failedBy = t;
            stop();
            throw new IllegalStateException("a stepping thread failed in step " + steps
                    + "; the stepping threads are stopped and further steps refused", t);
        }
    }

    /** A park that ended the wait ({@code waitOver}) is counted; one that returned to a permit left over is not. */
    private void countPark(boolean waitOver) {
        if (waitOver) {
            parks.incrementAndGet();
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

    /**
     * One pause of a thread that has waited since {@code from}: a spin for the first
     * {@link #MIN_SPIN_NANOS}, then a yield (where the thread awaited shares this processor, as
     * on a loaded machine, it runs) until {@code spin} has passed; then it returns true, and the
     * thread parks.
     */
    private static boolean pause(long from, long spin) {
        long waited = System.nanoTime() - from;
        if (waited < MIN_SPIN_NANOS) {
            Thread.onSpinWait();
        } else if (waited < spin) {
            Thread.yield();
        } else {
            return true;
        }
        return false;
    }

    private void work(int shard) {
        long seen = 0;
        while (true) {
            long waitFrom = System.nanoTime();
            long spin = spinNanos;
            long now;
            while ((now = generation) == seen && !stopped) {
                if (pause(waitFrom, spin)) {
                    workerParking.set(shard - 1, 1);
                    if (generation == seen && !stopped) {
                        LockSupport.park(this);
                        countPark(generation != seen || stopped);
                    }
                    workerParking.set(shard - 1, 0);
                }
            }
            if (stopped) {
                return;
            }
            seen = now;
            try {
                shardStep.accept(shard);
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
            }
            if (pending.decrementAndGet() == 0 && callerParking) {
                LockSupport.unpark(caller);
            }
        }
    }
}
