package dev.loihi.emulator;

import java.util.Arrays;
import java.util.Objects;

/**
 * A block of a raw network (RAW_FORMAT.md): {@code n} compartments that share one core, with
 * every register given per compartment (the reader has already expanded scalars).
 */
public record RawBlock(String name, int n, int[] decayU, int[] decayV, int[] vthMant, int[] biasMant,
                       int[] biasExp, int[] refractDelay, int vminExp, int vmaxExp) {

    public static final int DEFAULT_DECAY_U = 4095;
    public static final int DEFAULT_DECAY_V = 0;
    public static final int DEFAULT_BIAS_MANT = 0;
    public static final int DEFAULT_BIAS_EXP = 0;
    public static final int DEFAULT_REFRACT_DELAY = 1;
    public static final int DEFAULT_VMIN_EXP = 0;
    public static final int DEFAULT_VMAX_EXP = 7;

    public RawBlock {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(decayU, "decayU");
        Objects.requireNonNull(decayV, "decayV");
        Objects.requireNonNull(vthMant, "vthMant");
        Objects.requireNonNull(biasMant, "biasMant");
        Objects.requireNonNull(biasExp, "biasExp");
        Objects.requireNonNull(refractDelay, "refractDelay");
    }

    /** A block whose compartments all share the same registers. */
    public static RawBlock uniform(String name, int n, int decayU, int decayV, int vthMant, int biasMant,
                                  int biasExp, int refractDelay, int vminExp, int vmaxExp) {
        return new RawBlock(name, n, filled(n, decayU), filled(n, decayV), filled(n, vthMant),
                filled(n, biasMant), filled(n, biasExp), filled(n, refractDelay), vminExp, vmaxExp);
    }

    private static int[] filled(int n, int value) {
        int[] a = new int[Math.max(n, 0)];
        Arrays.fill(a, value);
        return a;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawBlock b && name.equals(b.name) && n == b.n && vminExp == b.vminExp
                && vmaxExp == b.vmaxExp && Arrays.equals(decayU, b.decayU) && Arrays.equals(decayV, b.decayV)
                && Arrays.equals(vthMant, b.vthMant) && Arrays.equals(biasMant, b.biasMant)
                && Arrays.equals(biasExp, b.biasExp) && Arrays.equals(refractDelay, b.refractDelay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, n, vminExp, vmaxExp, Arrays.hashCode(vthMant), Arrays.hashCode(biasMant));
    }

    @Override
    public String toString() {
        return "RawBlock[" + name + ", n=" + n + "]";
    }
}
