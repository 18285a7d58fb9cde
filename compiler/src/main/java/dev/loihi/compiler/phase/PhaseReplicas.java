package dev.loihi.compiler.phase;

import dev.loihi.compiler.keras.ValueQuantizer.GridRounding;

/**
 * How R replicas of a hidden unit split its rounded, clipped level among them (docs/CONVERSION.md,
 * "Phase code"). Replica r fires {@code clamp(floor((P + offset_r) / (g R)), 0, cap_r)} times,
 * g the quantum in P steps. With {@code offset_r = g/2 + r g} the counts sum to floor(P/g + 1/2)
 * (Hermite's identity); taking 1 off the odd replicas' offsets turns that into QKeras's round half
 * to even (R even): at a tie P/g + 1/2 = q exactly, the one replica whose count steps at q is
 * odd exactly when q is, and it then falls one short. With {@code offset_r = r g} they sum to
 * floor(P/g) (HGQ's TRN); the plain g/2 + r g is HGQ's RND. The caps sum to the largest level,
 * the lowest replicas one step shorter when R does not divide it, so the sum also clips.
 */
public record PhaseReplicas(int replicas, int quantumUnits, int maxLevel, GridRounding rounding) {

    /** Replicas that round half to even. */
    public PhaseReplicas(int replicas, int quantumUnits, int maxLevel) {
        this(replicas, quantumUnits, maxLevel, GridRounding.HALF_EVEN);
    }

    public PhaseReplicas {
        if (replicas < 2 || replicas % 2 != 0) {
            throw new IllegalArgumentException("replicas must be even and at least 2: replicas=" + replicas);
        }
        if (quantumUnits < 2 || quantumUnits % 2 != 0) {
            throw new IllegalArgumentException("quantum must be an even number of steps: quantumUnits=" + quantumUnits);
        }
    }

    /** Steps of the firing window: the longest cap. */
    public int windowSteps() {
        return (maxLevel + replicas - 1) / replicas;
    }

    /** Replicas that get one step fewer than the window. */
    public int shortReplicas() {
        return replicas * windowSteps() - maxLevel;
    }

    public int cap(int r) {
        return r < shortReplicas() ? windowSteps() - 1 : windowSteps();
    }

    /** Added to P before replica r divides it by g R. */
    public long offset(int r) {
        return switch (rounding) {
            case HALF_EVEN -> quantumUnits / 2 + (long) r * quantumUnits - (r % 2);
            case HALF_UP -> quantumUnits / 2 + (long) r * quantumUnits;
            case FLOOR -> (long) r * quantumUnits;
        };
    }

    /** One threshold in P steps: g R. */
    public long thresholdUnits() {
        return (long) quantumUnits * replicas;
    }

    public int count(long p, int r) {
        long n = Math.floorDiv(p + offset(r), thresholdUnits());
        return (int) Math.max(0, Math.min(cap(r), n));
    }

    /** The unit's level: the sum of its replicas' counts. */
    public int level(long p) {
        int k = 0;
        for (int r = 0; r < replicas; r++) {
            k += count(p, r);
        }
        return k;
    }
}
