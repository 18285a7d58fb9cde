package dev.loihi.emulator;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dense blocks' weights added to q with the Vector API, a whole vector of synapses per
 * instruction: C2 in JDK 17 leaves the plain loop scalar (a block of 16 synapses is too short
 * for its loop vectoriser, and it does not widen shorts to ints). Only loaded when the
 * incubating module {@code jdk.incubator.vector} is in the boot layer ({@link #ENABLED}), which
 * takes {@code --add-modules jdk.incubator.vector} on the JVM's command line; the JVM then prints
 * one warning line at start, which is why it is not the default. The sum is the same either way:
 * int adds wrap the same in a lane as in a scalar.
 */
final class VectorAdds {
    private VectorAdds() {}

    /** Whether the JVM was started with the module. */
    static final boolean MODULE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    /** The preferred vector size in bits where the module is there, else 0. */
    static final int BITS = MODULE ? vectorBits() : 0;
    /**
     * Whether dense blocks are added with vectors: the module is there and vectors hold at least
     * 8 ints (256 and 512 bits were measured; 128-bit SIMD keeps the scalar loop).
     */
    static final boolean ENABLED = BITS >= 8 * Integer.SIZE;

    private static int vectorBits() {
        try {
            return Lanes.bits();
        } catch (RuntimeException | LinkageError e) {
            // a vector size with no half-size shape for the weights: add with scalars
            return 0;
        }
    }

    /** What {@link NetworkRuntime} adds dense blocks with, for reports: "vector (512-bit)" or "scalar". */
    static String describe() {
        return ENABLED ? "vector (" + BITS + "-bit)" : "scalar";
    }

    /** q[first + k] += mem[w + k] << shift for k in [0, length): whole vectors, then the rest one by one. */
    static void add(int[] q, int first, short[] mem, int w, int length, int shift) {
        int k = ENABLED ? Lanes.addVectors(q, first, mem, w, length, shift) : 0;
        for (; k < length; k++) {
            q[first + k] += mem[w + k] << shift;
        }
    }

    /**
     * Everything that names a vector type, in its own class: the verifier loads the types a
     * class's code uses, so VectorAdds itself must name none or it would fail to load where the
     * module is absent.
     */
    private static final class Lanes {
        static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
        /** As many shorts as INTS has ints: a block's weights widen lane for lane. */
        static final VectorSpecies<Short> SHORTS =
                VectorSpecies.of(short.class, VectorShape.forBitSize(INTS.vectorBitSize() / 2));

        static int bits() {
            return INTS.vectorBitSize();
        }

        /** Adds the whole vectors of the block; returns how many synapses that covered. */
        static int addVectors(int[] q, int first, short[] mem, int w, int length, int shift) {
            final int lanes = INTS.length();
            int k = 0;
            for (; k <= length - lanes; k += lanes) {
                IntVector weights = (IntVector) ShortVector.fromArray(SHORTS, mem, w + k)
                        .convertShape(VectorOperators.S2I, INTS, 0);
                IntVector.fromArray(INTS, q, first + k).add(weights.lanewise(VectorOperators.LSHL, shift))
                        .intoArray(q, first + k);
            }
            return k;
        }
    }
}
