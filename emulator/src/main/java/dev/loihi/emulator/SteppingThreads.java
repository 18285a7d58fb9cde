package dev.loihi.emulator;

import dev.loihi.common.LoihiException;

/**
 * How many threads step one network when the caller does not say: one per processor, as long
 * as each gets at least {@link #MIN_COMPARTMENTS_PER_THREAD} compartments, so small networks
 * (the jet tagger's hundreds) stay on the caller's thread, where a hand-over between threads
 * would cost more than the step. System property {@value #PROPERTY} sets the count for every
 * network instead (the threaded test run uses it to step small networks on several threads).
 */
final class SteppingThreads {
    static final String PROPERTY = "loihi.emulator.threads";
    /**
     * The 8,192-compartment benchmark network (32 cores of 256) steps in about 90 us on one
     * thread and gains from a second; a network of a few hundred compartments steps in about
     * 2 us, no more than the hand-over.
     */
    static final int MIN_COMPARTMENTS_PER_THREAD = 4096;
    /** More threads than this is a typing error, not a machine. */
    static final int MAX_THREADS = 1024;

    private SteppingThreads() {}

    /** The threads for a network of {@code compartments} on this JVM's processors. */
    static int forNetwork(int compartments) {
        return within(compartments, Runtime.getRuntime().availableProcessors());
    }

    /** As {@link #forNetwork(int)} on {@code processors} of them; the system property still sets the count. */
    static int within(int compartments, int processors) {
        String forced = System.getProperty(PROPERTY);
        if (forced != null) {
            return check(parse(forced), "system property " + PROPERTY);
        }
        return forNetwork(compartments, Math.max(1, processors));
    }

    static int forNetwork(int compartments, int processors) {
        return Math.max(1, Math.min(processors, compartments / MIN_COMPARTMENTS_PER_THREAD));
    }

    /** {@code threads} if it is a count a network can be stepped on, else the one-line error naming {@code origin}. */
    static int check(int threads, String origin) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new LoihiException(EmulatorErrors.EMULATOR_THREADS, "stepping threads out of range: threads="
                    + threads + ", min=1, max=" + MAX_THREADS + ", from=" + origin);
        }
        return threads;
    }

    private static int parse(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new LoihiException(EmulatorErrors.EMULATOR_THREADS, "stepping threads not a number: value="
                    + value + ", from=system property " + PROPERTY);
        }
    }
}
