package dev.loihi.compiler.phase;

/**
 * What a phase-coded image computes, in integers, without a chip: the counts the host sends for
 * an input, each hidden unit's level (its replicas' spike counts summed) and the output layer's
 * pre-activation. Tests hold the emulator to it spike for spike, and it measures a plan's
 * agreement with the float model in milliseconds.
 */
public final class PhaseArithmetic {
    private PhaseArithmetic() {}

    /**
     * The signed count of input steps the host sends for x: round half up of |x| / inputStep,
     * at most inputLevels (the encoder's staggered copies count exactly that, docs/CONVERSION.md).
     */
    public static int[] inputCounts(PhasePlan plan, double[] x) {
        int[] n = new int[x.length];
        for (int k = 0; k < x.length; k++) {
            n[k] = count(x[k], plan.inputStep(), plan.inputLevels());
        }
        return n;
    }

    /**
     * The signed count for one feature: round half up of |x| / inputStep, at most inputLevels;
     * the host's encoder sends exactly this many spikes in a window.
     */
    public static int count(double x, double inputStep, int inputLevels) {
        long c = (long) Math.floor(Math.abs(x) / inputStep + 0.5);
        return (int) Math.signum(x) * (int) Math.min(inputLevels, c);
    }

    /** Every layer's integers for input counts {@code counts}: hidden levels, then the output's P. */
    public static long[][] layers(PhasePlan plan, int[] counts) {
        long[][] out = new long[plan.layers().size()][];
        int[] below = counts;
        for (int l = 0; l < out.length; l++) {
            PhaseLayer layer = plan.layers().get(l);
            out[l] = new long[layer.units()];
            int[] levels = new int[layer.units()];
            PhaseReplicas replicas = layer.hidden() ? plan.replicasOf(layer) : null;
            for (int j = 0; j < layer.units(); j++) {
                long p = layer.preActivation(j, below);
                out[l][j] = layer.hidden() ? replicas.level(p) : p;
                levels[j] = (int) out[l][j];
            }
            below = levels;
        }
        return out;
    }

    /** The output layer's pre-activation for x, in float units. */
    public static double[] output(PhasePlan plan, double[] x) {
        long[][] all = layers(plan, inputCounts(plan, x));
        long[] p = all[all.length - 1];
        double unit = plan.layers().get(all.length - 1).unit();
        double[] z = new double[p.length];
        for (int j = 0; j < z.length; j++) {
            z[j] = p[j] * unit;
        }
        return z;
    }

    /**
     * The first unit of the first layer whose positive input terms (weight x signed count, the
     * count round(|x| / inputStep) plus one for the encoder's float rounding, at most maxCount)
     * could sum past its limit, or -1. The hold keeps a replica below threshold only within it.
     */
    public static int firstOverLimit(int[][] weights, long[] limit, double inputStep, int maxCount, double[] x) {
        for (int j = 0; j < limit.length; j++) {
            if (positiveSum(weights, j, inputStep, maxCount, x) > limit[j]) {
                return j;
            }
        }
        return -1;
    }

    /** The sum {@link #firstOverLimit} compares with unit j's limit. */
    public static long positiveSum(int[][] weights, int j, double inputStep, int maxCount, double[] x) {
        long positive = 0;
        for (int k = 0; k < x.length; k++) {
            long count = Math.min(maxCount, (long) Math.floor(Math.abs(x[k]) / inputStep + 0.5) + 1);
            positive += Math.max(0, (x[k] < 0 ? -1L : 1L) * weights[k][j] * count);
        }
        return positive;
    }
}
