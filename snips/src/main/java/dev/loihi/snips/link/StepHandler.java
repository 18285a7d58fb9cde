package dev.loihi.snips.link;

/**
 * Host code in the loop of an interactive run. Called once before each step: it sees what the
 * previous step produced and says which host spikes enter this step.
 */
@FunctionalInterface
public interface StepHandler {
    /**
     * @param step     the step about to run, from 0
     * @param previous the outputs of step - 1 ({@link StepOutput#step()} is -1 before step 0)
     * @param input    takes this step's host spikes; valid only during the call
     */
    void onStep(int step, StepOutput previous, StepInput input);
}
