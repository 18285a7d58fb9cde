package dev.loihi.host;

/**
 * Hears of each input as a run completes it, so that a front end can draw progress without the
 * host runtime knowing how. Called on the thread that runs {@link Evaluation#run}.
 */
public interface Progress extends AutoCloseable {
    /** Draws nothing. */
    Progress NONE = (done, stepsPerSecond) -> { };

    /** Before the first input: {@code done} of {@code total} were done already (a resumed run's journal). */
    default void started(int total, int done) {}

    /** One more input is done; {@code stepsPerSecond} over the inputs presented in this run so far. */
    void inputDone(int done, double stepsPerSecond);

    @Override
    default void close() {}
}
