package dev.loihi.snips.link;

import dev.loihi.common.LoihiException;

/**
 * A run the link lost part way (LINK_TIMEOUT, LINK_DISCONNECTED, a frame out of step): the
 * failure keeps its code and says in its message which step the host was on and which was the
 * last one the board acknowledged, so the caller knows what to run again. Outputs of steps
 * after {@link #lastCompletedStep()} never reached the host.
 */
public final class RunInterrupted extends LoihiException {
    private final long step;
    private final long lastCompletedStep;

    private RunInterrupted(LoihiException cause, long step, long lastCompletedStep) {
        super(cause.code(), cause.getMessage() + ", hostStep=" + step + ", lastCompletedStep=" + lastCompletedStep, cause);
        this.step = step;
        this.lastCompletedStep = lastCompletedStep;
    }

    /** {@code cause} with the run's position added; a failure that already has it is returned as it is. */
    static LoihiException of(LoihiException cause, long step, long lastCompletedStep) {
        return cause instanceof RunInterrupted ? cause : new RunInterrupted(cause, step, lastCompletedStep);
    }

    /** The step the host was sending (or waiting on) when the link failed. */
    public long step() {
        return step;
    }

    /** The last step whose outputs the host received; -1 when none. */
    public long lastCompletedStep() {
        return lastCompletedStep;
    }
}
