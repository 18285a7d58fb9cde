package dev.loihi.compiler.phase;

import java.util.List;

/**
 * What a {@link CnnPhasePlan} would take on the chip, from the plan alone (docs/CONVERSION.md,
 * "Phase code for quantized CNNs"): hidden compartments with {@code replicas} per ramp, synapses
 * if every connection were discrete axons (sender compartments x receiver compartments over the
 * non-zero weights; the input counted per sign and copy is left out), the windows' lengths, and
 * the two integers one step must carry: the largest synapse (a step's weight times the integer
 * weight, against {@link LadderWeights#MAX_STEPS}) and, over the hidden stages after the first,
 * the largest positive P they can reach plus a threshold (against one step's q, {@link PhaseNetwork#Q_STEPS}:
 * a stage's hold must cover its largest positive sum, and one step's lift takes it off), both in
 * 64-unit weight steps. The first stage is left out of that: its hold is the largest q allows and
 * the host refuses inputs past it ({@link #firstStageSteps}).
 */
public record CnnPhaseCost(long hiddenCompartments, long hiddenSynapses, int[] windowSteps, long largestSynapseSteps,
                           long largestReachSteps) {

    public static CnnPhaseCost of(CnnPhasePlan plan, int replicas) {
        List<CnnStage> stages = plan.stages();
        int hidden = stages.size() - 1;
        int[] windows = new int[hidden];
        long compartments = 0;
        long synapses = 0;
        long largestSynapse = 0;
        long largestReach = 0;
        int senders = 0;
        long senderWeight = 1;
        for (int s = 0; s < stages.size(); s++) {
            CnnStage st = stages.get(s);
            LevelStaircase f = st.staircase();
            int per = st.output() ? 1 : f.compartments(replicas);
            int maxW = 0;
            for (int j = 0; j < st.units(); j++) {
                synapses += (long) st.inputs()[j].length * senders * per;
                for (int w : st.weights()[j]) {
                    maxW = Math.max(maxW, Math.abs(w));
                }
            }
            largestSynapse = Math.max(largestSynapse, maxW * senderWeight);
            if (!st.output() && s > 0) {
                largestReach = Math.max(largestReach, reach(f, st, replicas));
            }
            if (!st.output()) {
                windows[s] = f.windowSteps(replicas);
                compartments += (long) per * st.units();
            }
            senderWeight = 1;
            for (LevelStaircase.Step step : f.steps()) {
                senderWeight = Math.max(senderWeight, Math.abs(step.weight()));
            }
            senders = per;
        }
        return new CnnPhaseCost(compartments, synapses, windows, largestSynapse, largestReach);
    }

    /**
     * The largest positive P a stage reaches over its levels plus a threshold of {@code replicas}
     * levels, in P steps: what its hold and lift need at least (the builder adds the constants).
     */
    private static long reach(LevelStaircase f, CnnStage st, int replicas) {
        return (Math.max(0, f.high()) + 1 + replicas) * st.quantumUnits();
    }

    /**
     * The first stage's largest positive partial sum for the input {@code counts} plus a threshold,
     * in P steps: the host refuses the input when it passes one step's q.
     */
    public static long firstStageSteps(CnnPhasePlan plan, long[] counts, int replicas) {
        CnnStage st = plan.stages().get(0);
        long largest = 0;
        for (int j = 0; j < st.units(); j++) {
            long positive = Math.max(0, st.bias()[j]);
            for (int k = 0; k < st.inputs()[j].length; k++) {
                positive += Math.max(0, st.weights()[j][k] * counts[st.inputs()[j][k]]);
            }
            largest = Math.max(largest, positive);
        }
        return largest + (long) replicas * st.quantumUnits();
    }

    /** Whether one step's q holds every |P| and a threshold, and every synapse fits a ladder of two formats. */
    public boolean fitsIntegers() {
        return largestReachSteps <= PhaseNetwork.Q_STEPS && largestSynapseSteps <= LadderWeights.MAX_STEPS;
    }

    /** The presentation's pipeline with input sent over {@code inputSteps} steps (PhaseTiming, one hold step). */
    public int pipelineSteps(int inputSteps) {
        return PhaseTiming.of(inputSteps, 1, windowSteps).pipelineSteps();
    }
}
