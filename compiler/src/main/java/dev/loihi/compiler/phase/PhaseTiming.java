package dev.loihi.compiler.phase;

/**
 * When each part of a phase-coded presentation happens, in chip steps (0-based; a spike sent at
 * step t reaches its targets' q at step t + 1). The host sends input during steps
 * 0..inputSteps-1; hidden layer l integrates until its window opens at {@code windowStart[l]}
 * (the first step its replicas may fire), fires for {@code windowSteps[l]} steps, and the readout
 * holds its final value from step {@code pipelineSteps - 1} on.
 */
public record PhaseTiming(int inputSteps, int holdSteps, int[] windowStart, int[] windowSteps, int pipelineSteps) {

    /** Input for inputSteps steps, the hold in holdSteps pieces, then one window per hidden layer. */
    static PhaseTiming of(int inputSteps, int holdSteps, int[] windowSteps) {
        int[] start = new int[windowSteps.length];
        // One idle step after the input: the window's opening charge then shares q with no input spike.
        int a = Math.max(inputSteps, holdSteps) + 1;
        for (int l = 0; l < start.length; l++) {
            start[l] = a;
            a += windowSteps[l];
        }
        return new PhaseTiming(inputSteps, holdSteps, start, windowSteps.clone(), a + 1);
    }
}
