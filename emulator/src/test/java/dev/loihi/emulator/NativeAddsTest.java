package dev.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The native kernel against the sums written out in Java, block by block, on seeded random
 * blocks (dense and sparse, 1 to 300 synapses, every shift, weights at both ends of their range,
 * q near the ends of an int so that sums wrap). The whole-network equivalence tests run on it
 * too: it is the default wherever it loads.
 */
class NativeAddsTest {

    @Test
    void shouldLoadWhereTheBuildPackedIt() {
        boolean packed = NativeAdds.class.getResource(NativeAdds.RESOURCE) != null;
        boolean disabled = "false".equals(System.getProperty(NativeAdds.DISABLE_PROPERTY));
        assumeTrue(packed && !disabled, "no kernel in this build, or turned off");
        assertNull(NativeAdds.unavailabilityCause());
    }

    static LongStream seeds() {
        return LongStream.range(1, 41);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldAddBlocksAsJavaDoes(long seed) {
        assumeTrue(NativeAdds.AVAILABLE, () -> "native kernel not loaded: " + NativeAdds.unavailabilityCause());
        Random r = new Random(seed);
        int cores = 4;
        int coreSize = 1024;
        short[] mem = new short[128 * 1024];
        int[] offsets = new int[200];
        int[] bases = new int[offsets.length];
        int at = 0;
        for (int b = 0; b < offsets.length; b++) {
            offsets[b] = at;
            bases[b] = coreSize * r.nextInt(cores);
            at += writeBlock(r, mem, at, coreSize);
        }
        int[] q = new int[cores * coreSize];
        for (int i = 0; i < q.length; i++) {
            q[i] = r.nextInt(4) == 0 ? Integer.MAX_VALUE - r.nextInt(1 << 20) : r.nextInt();
        }
        int[] expected = q.clone();
        for (int b = 0; b < offsets.length; b++) {
            addInJava(expected, mem, offsets[b], bases[b]);
        }
        NativeAdds.addBlocks(q, mem, offsets, bases, offsets.length);
        assertArrayEquals(expected, q);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldDeliverSpikesAsJavaDoes(long seed) {
        assumeTrue(NativeAdds.AVAILABLE, () -> "native kernel not loaded: " + NativeAdds.unavailabilityCause());
        Delivery d = new Delivery(new Random(seed));
        d.expectSpikes();
        NativeAdds.deliverSpikes(d.q, d.mem, d.spikes, d.count, d.routeStart, d.routeTargets, d.coreStart, d.bound,
                d.lo, d.hi, (int) (seed % 3));
        assertArrayEquals(d.expectedQ, d.q);
        assertArrayEquals(d.expectedBound, d.bound);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldDeliverAStepsHostAndCompartmentSpikesAsJavaDoes(long seed) {
        assumeTrue(NativeAdds.AVAILABLE, () -> "native kernel not loaded: " + NativeAdds.unavailabilityCause());
        Random r = new Random(seed);
        Delivery d = new Delivery(r);
        // host spikes: (core, block) pairs, some to cores outside the shard, some blocks twice
        int hostCount = r.nextInt(40);
        int[] hostCore = new int[hostCount + r.nextInt(3)];
        int[] hostBlock = new int[hostCore.length];
        for (int k = 0; k < hostCount; k++) {
            hostCore[k] = r.nextInt(Delivery.CORES);
            hostBlock[k] = d.offsets[r.nextInt(d.offsets.length)];
            if (hostCore[k] >= d.lo && hostCore[k] < d.hi) {
                addInJava(d.expectedQ, d.mem, hostBlock[k], d.coreStart[hostCore[k]]);
                d.expectedBound[hostCore[k]] += 1L << d.mem[hostBlock[k] + 2];
            }
        }
        d.expectSpikes();
        NativeAdds.deliverStep(d.q, d.mem, hostCore, hostBlock, hostCount, d.spikes, d.count, d.routeStart,
                d.routeTargets, d.coreStart, d.bound, d.lo, d.hi, (int) (seed % 3));
        assertArrayEquals(d.expectedQ, d.q);
        assertArrayEquals(d.expectedBound, d.bound);
    }

    /**
     * A seeded network of 6 cores of 512 compartments: 150 random blocks, every compartment 0-3
     * routes (core, block), some blocks reached by several; a fifth of the compartments spiking
     * (ascending, as a step lists them); a shard [lo, hi) of the cores; q near the ends of an int.
     */
    private static final class Delivery {
        static final int CORES = 6;
        static final int CORE_SIZE = 512;
        final int[] coreStart = new int[CORES + 1];
        final short[] mem = new short[128 * 1024];
        final int[] offsets = new int[150];
        final int[] routeStart;
        final int[] routeTargets;
        final int[] spikes;
        int count;
        final int lo;
        final int hi;
        final int[] q;
        final long[] bound = new long[CORES];
        final int[] expectedQ;
        final long[] expectedBound;

        Delivery(Random r) {
            for (int c = 0; c <= CORES; c++) {
                coreStart[c] = c * CORE_SIZE;
            }
            int at = 0;
            for (int b = 0; b < offsets.length; b++) {
                offsets[b] = at;
                at += writeBlock(r, mem, at, CORE_SIZE);
            }
            int n = CORES * CORE_SIZE;
            routeStart = new int[n + 1];
            routeTargets = new int[2 * 3 * n];
            for (int i = 0; i < n; i++) {
                int routes = r.nextInt(4);
                for (int k = 0; k < routes; k++) {
                    routeTargets[2 * (routeStart[i] + k)] = r.nextInt(CORES);
                    routeTargets[2 * (routeStart[i] + k) + 1] = offsets[r.nextInt(offsets.length)];
                }
                routeStart[i + 1] = routeStart[i] + routes;
            }
            spikes = new int[n + 1];
            for (int i = 0; i < n; i++) {
                if (r.nextInt(5) == 0) {
                    spikes[count++] = i;
                }
            }
            lo = r.nextInt(CORES);
            hi = lo + 1 + r.nextInt(CORES - lo);
            q = new int[n];
            for (int i = 0; i < q.length; i++) {
                q[i] = r.nextInt(4) == 0 ? Integer.MIN_VALUE + r.nextInt(1 << 20) : r.nextInt();
            }
            bound[lo] = 7;
            expectedQ = q.clone();
            expectedBound = bound.clone();
        }

        /** The compartments' spikes added to the expected sums one synapse at a time. */
        void expectSpikes() {
            for (int s = 0; s < count; s++) {
                int i = spikes[s];
                for (int k = routeStart[i]; k < routeStart[i + 1]; k++) {
                    int c = routeTargets[2 * k];
                    int offset = routeTargets[2 * k + 1];
                    if (c >= lo && c < hi) {
                        addInJava(expectedQ, mem, offset, coreStart[c]);
                        expectedBound[c] += 1L << mem[offset + 2];
                    }
                }
            }
        }
    }

    /** A random dense or sparse block at {@code at} in NetworkLayout's format; returns its length in shorts. */
    private static int writeBlock(Random r, short[] mem, int at, int coreSize) {
        boolean dense = r.nextBoolean();
        // single synapses (a compartment's reset synapse to itself) often, as compiled networks have them
        int length = r.nextInt(5) == 0 ? 1 : 1 + r.nextInt(r.nextBoolean() ? 16 : 300);
        mem[at] = (short) length;
        mem[at + 1] = (short) (r.nextInt(14) << 1 | (dense ? 1 : 0));
        mem[at + 2] = (short) r.nextInt(32);
        if (dense) {
            mem[at + 3] = (short) r.nextInt(coreSize - length + 1);
            for (int k = 0; k < length; k++) {
                mem[at + 4 + k] = weight(r);
            }
            return 4 + length;
        }
        for (int k = 0; k < length; k++) {
            mem[at + 3 + 2 * k] = (short) r.nextInt(coreSize);
            mem[at + 4 + 2 * k] = weight(r);
        }
        return 3 + 2 * length;
    }

    /** 9 bits + sign, the extremes often. */
    private static short weight(Random r) {
        int pick = r.nextInt(6);
        return (short) (pick == 0 ? -512 : pick == 1 ? 511 : r.nextInt(1024) - 512);
    }

    /** The block format of NetworkLayout, summed one synapse at a time. */
    private static void addInJava(int[] q, short[] mem, int offset, int base) {
        int length = mem[offset];
        int shift = mem[offset + 1] >> 1;
        boolean dense = (mem[offset + 1] & 1) != 0;
        for (int k = 0; k < length; k++) {
            if (dense) {
                q[base + mem[offset + 3] + k] += mem[offset + 4 + k] << shift;
            } else {
                q[base + mem[offset + 3 + 2 * k]] += mem[offset + 4 + 2 * k] << shift;
            }
        }
    }
}
