package dev.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
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
        // no host spikes: the compartments' spikes alone
        NativeAdds.deliverStep(d.q, d.mem, new int[0], new int[0], 0, d.spikes, d.count, d.routeStart, d.routeTargets,
                d.coreStart, d.bound, d.lo, d.hi, (int) (seed % 3));
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
     * The blocks one shard posted to another ({@link NativeAdds#deliverPairs}, {@link SpikeExchange}):
     * the pairs of the spikes' routes to the shard's cores, from an offset into a longer array
     * (a sender's regions), each way of fetching ahead, against the sums written out in Java.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void shouldDeliverPostedPairsAsJavaDoes(long seed) {
        assumeTrue(NativeAdds.AVAILABLE, () -> "native kernel not loaded: " + NativeAdds.unavailabilityCause());
        Random r = new Random(seed);
        Delivery d = new Delivery(r);
        d.expectSpikes();
        int from = 2 * r.nextInt(100);
        int[] pairs = new int[from + d.routeTargets.length + 2 * r.nextInt(100)];
        // what lies around the region is another receiver's: cores outside the shard
        Arrays.fill(pairs, -1);
        int ints = 0;
        for (int s = 0; s < d.count; s++) {
            int i = d.spikes[s];
            for (int k = 2 * d.routeStart[i]; k < 2 * d.routeStart[i + 1]; k += 2) {
                if (d.routeTargets[k] >= d.lo && d.routeTargets[k] < d.hi) {
                    pairs[from + ints++] = d.routeTargets[k];
                    pairs[from + ints++] = d.routeTargets[k + 1];
                }
            }
        }
        NativeAdds.deliverPairs(d.q, d.mem, d.coreStart, d.bound, pairs, from, ints / 2, (int) (seed % 3));
        assertArrayEquals(d.expectedQ, d.q);
        assertArrayEquals(d.expectedBound, d.bound);
    }

    /**
     * The whole step's delivery through route records ({@link RouteRecords}, packed by
     * {@link NativeAdds#packNetwork}) with each deliverer this processor runs (plain, AVX2,
     * AVX-512; a step uses the widest) against the sums written out in Java: the blocks of
     * {@link Delivery} (dense and sparse, 1 to 300 synapses, so that every length of a masked last
     * vector is crossed), host spikes too (input axons of two ports, each with 0 to 3 (core, block)
     * targets, some spiking twice, as the kernel takes them: sender ids after the compartments),
     * synapse memory cut where its last block ends, so that the last vector reads into the padding.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void shouldDeliverAWholeNetworkThroughRouteRecordsWithEveryWidth(long seed) {
        assumeTrue(NativeAdds.AVAILABLE, () -> "native kernel not loaded: " + NativeAdds.unavailabilityCause());
        Random r = new Random(seed);
        Delivery d = new Delivery(r, true);
        int n = Delivery.CORES * Delivery.CORE_SIZE;
        int[][] inputStart = new int[2][];
        int[][] inputTargets = new int[2][];
        for (int p = 0; p < 2; p++) {
            int axons = 1 + r.nextInt(20);
            inputStart[p] = new int[axons + 1];
            inputTargets[p] = new int[2 * 3 * axons];
            for (int a = 0; a < axons; a++) {
                int targets = r.nextInt(4);
                for (int t = inputStart[p][a]; t < inputStart[p][a] + targets; t++) {
                    inputTargets[p][2 * t] = r.nextInt(Delivery.CORES);
                    inputTargets[p][2 * t + 1] = d.offsets[t % 3 == 2 ? d.offsets.length - 1 : r.nextInt(d.offsets.length)];
                }
                inputStart[p][a + 1] = inputStart[p][a] + targets;
            }
            inputTargets[p] = Arrays.copyOf(inputTargets[p], 2 * inputStart[p][axons]);
        }
        int hostCount = r.nextInt(40);
        int[] hostAxons = new int[hostCount];
        for (int k = 0; k < hostCount; k++) {
            int p = r.nextInt(2);
            int a = r.nextInt(inputStart[p].length - 1);
            hostAxons[k] = n + (p == 0 ? 0 : inputStart[0].length - 1) + a;
            for (int t = inputStart[p][a]; t < inputStart[p][a + 1]; t++) {
                int core = inputTargets[p][2 * t];
                int block = inputTargets[p][2 * t + 1];
                addInJava(d.expectedQ, d.mem, block, d.coreStart[core]);
                d.expectedBound[core] += 1L << d.mem[block + 2];
            }
        }
        d.expectSpikes();
        java.nio.ByteBuffer network = NativeAdds.packNetwork(Delivery.CORES, Arrays.copyOf(d.mem, d.used), d.routeStart,
                Arrays.copyOf(d.routeTargets, 2 * d.routeStart[n]), d.coreStart, new int[n], new int[n], new int[n],
                new int[Delivery.CORES], new int[Delivery.CORES], new boolean[Delivery.CORES],
                ResetSynapses.none(n, d.coreStart), inputStart, inputTargets);
        for (int width = 0; width < 3; width++) {
            int[] q = d.q.clone();
            long[] bound = d.bound.clone();
            if (!NativeAdds.deliverWhole(width, network, q, bound, hostAxons, hostCount, d.spikes, d.count,
                    (int) (seed % 2))) {
                assertTrue(width > 0, "the plain deliverer runs everywhere");
                continue;
            }
            String at = "seed=" + seed + ", width=" + width;
            assertArrayEquals(d.expectedQ, q, at);
            assertArrayEquals(d.expectedBound, bound, at);
        }
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
        /** Shorts of {@link #mem} the blocks take (the last block ends there). */
        final int used;
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
            this(r, false);
        }

        /** With {@code whole}, the shard is every core (as a whole step delivers). */
        Delivery(Random r, boolean whole) {
            for (int c = 0; c <= CORES; c++) {
                coreStart[c] = c * CORE_SIZE;
            }
            int at = 0;
            for (int b = 0; b < offsets.length; b++) {
                offsets[b] = at;
                at += writeBlock(r, mem, at, CORE_SIZE);
            }
            used = at;
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
            lo = whole ? 0 : r.nextInt(CORES);
            hi = whole ? CORES : lo + 1 + r.nextInt(CORES - lo);
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

    /**
     * The native compartment update against the Java one ({@link NetworkRuntime} made with and
     * without it), step by step on seeded cores of 5 to 1,024 compartments on 1 to 3 threads:
     * q at the ends of an int and of 22 bits, u and v at the ends of 24 bits, every decay from
     * none to all, thresholds, biases, vmin and vmax at their limits, refractory counters; some
     * cores at rest with no bias, so that skipping them is compared too.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void shouldUpdateCompartmentsAsJavaDoes(long seed) {
        assumeTrue(NativeAdds.AVAILABLE, () -> "native kernel not loaded: " + NativeAdds.unavailabilityCause());
        Random r = new Random(seed);
        NetworkLayout layout = randomCores(r);
        int[] quiet = quietCores(r, layout);
        boolean[] onEdge = thresholdEdges(r, layout, quiet);
        int threads = 1 + r.nextInt(3);
        NetworkRuntime inJava = new NetworkRuntime(layout, threads, false);
        NetworkRuntime inC = new NetworkRuntime(layout, threads, true);
        int n = layout.compartmentCount();
        for (int i = 0; i < n; i++) {
            if (quiet[i] == 0) {
                int u = edge(r, 23);
                int v = r.nextInt(3) == 0 ? 0 : edge(r, 23);
                int refract = r.nextInt(4) == 0 ? r.nextInt(64) : 0;
                // through the views: a network on one thread is stepped whole, its state off the heap
                for (NetworkRuntime rt : new NetworkRuntime[] {inJava, inC}) {
                    rt.uState().put(i, u);
                    rt.vState().put(i, v);
                    rt.refractState().put(i, refract);
                }
            }
        }
        try {
            for (int step = 0; step < 6; step++) {
                for (int i = 0; i < n; i++) {
                    int q = quiet[i] != 0 || r.nextInt(3) == 0 ? 0 : r.nextInt(4) == 0 ? edgeOfInt(r) : edge(r, 21);
                    if (onEdge[i]) {
                        // v lands on the threshold, one below or one above it (strictly above spikes)
                        q = layout.vth()[i] - inJava.v[i] + r.nextInt(3) - 1;
                    }
                    inJava.qState().put(i, q);
                    inC.qState().put(i, q);
                }
                inJava.step();
                inC.step();
                assertSameState(inJava, inC, "seed=" + seed + ", step=" + step);
            }
        } finally {
            stop(inJava);
            stop(inC);
        }
    }

    /**
     * The whole step's update with each core updater this processor runs (plain, AVX2, AVX-512:
     * hand-written vectors with a masked last vector per core and the spikes listed from the fire
     * mask) against the Java update, step by step on the cores of
     * {@link #shouldUpdateCompartmentsAsJavaDoes} (1 to 1,024 compartments, so that every length
     * of a last vector is crossed; registers, q, u, v and thresholds at their edges; quiet cores).
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void shouldUpdateAWholeNetworkWithEveryWidthAsJavaDoes(long seed) {
        assumeTrue(NativeAdds.AVAILABLE, () -> "native kernel not loaded: " + NativeAdds.unavailabilityCause());
        Random r = new Random(seed);
        NetworkLayout layout = randomCores(r);
        int[] quiet = quietCores(r, layout);
        boolean[] onEdge = thresholdEdges(r, layout, quiet);
        int n = layout.compartmentCount();
        int cores = layout.coreCount();
        ResetSynapses resets = randomResets(r, layout);
        int[] resetWeights = resets.weights();
        NetworkRuntime inJava = new NetworkRuntime(layout, 1, false);
        for (int i = 0; i < n; i++) {
            if (quiet[i] == 0) {
                inJava.u[i] = edge(r, 23);
                inJava.v[i] = r.nextInt(3) == 0 ? 0 : edge(r, 23);
                inJava.refractCount[i] = r.nextInt(4) == 0 ? r.nextInt(64) : 0;
            }
        }
        java.nio.ByteBuffer network = NativeAdds.packNetwork(cores, new short[0], new int[n + 1], new int[0],
                layout.coreStart(), NativeAdds.packRegisters(layout.uKeep(), layout.vKeep(), layout.refractDelay()),
                layout.vth(), layout.bias(), layout.coreVmin(), layout.coreVmax(), biasFree(layout), resets,
                new int[0][], new int[0][]);
        int[][][] state = new int[3][][];
        boolean[][] atRest = new boolean[3][cores];
        for (int width = 0; width < 3; width++) {
            state[width] = new int[][] {new int[n], inJava.u.clone(), inJava.v.clone(), inJava.refractCount.clone(),
                    new int[n], new int[n + 1]};
        }
        for (int step = 0; step < 6; step++) {
            for (int i = 0; i < n; i++) {
                int q = quiet[i] != 0 || r.nextInt(3) == 0 ? 0 : r.nextInt(4) == 0 ? edgeOfInt(r) : edge(r, 21);
                if (onEdge[i]) {
                    q = layout.vth()[i] - inJava.v[i] + r.nextInt(3) - 1;
                }
                inJava.q[i] = q;
                for (int[][] s : state) {
                    s[0][i] = q;
                }
            }
            inJava.step();
            // what the update writes ahead besides: each spike's reset synapse into its q, its core's bound set
            int[] expectedQ = inJava.q.clone();
            long[] expectedBound = new long[cores];
            for (int s = 0; s < inJava.stepSpikeCount; s++) {
                int i = inJava.stepSpikes[s];
                int c = coreOf(layout, i);
                expectedQ[i] = resetWeights[i];
                expectedBound[c] += resets.bounds()[i];
            }
            for (int width = 0; width < 3; width++) {
                int[][] s = state[width];
                // nothing delivered (q is set here, as the Java runtime's bound stays 0): cores at rest are skipped
                long[] bound = new long[cores];
                boolean[] updated = new boolean[cores];
                for (int c = 0; c < cores; c++) {
                    updated[c] = !atRest[width][c];
                }
                long listed = NativeAdds.updateWhole(width, network, s[0], s[1], s[2], s[3], s[4], bound, atRest[width],
                        s[5]);
                if (listed == NativeAdds.NO_WIDTH) {
                    assertTrue(width > 0, "the plain updater runs everywhere");
                    continue;
                }
                String at = "seed=" + seed + ", step=" + step + ", width=" + width;
                assertArrayEquals(expectedQ, s[0], at);
                assertArrayEquals(expectedBound, bound, at);
                assertArrayEquals(inJava.u, s[1], at);
                assertArrayEquals(inJava.v, s[2], at);
                assertArrayEquals(inJava.refractCount, s[3], at);
                assertArrayEquals(inJava.spiked, s[4], at);
                assertArrayEquals(Arrays.copyOf(inJava.stepSpikes, inJava.stepSpikeCount),
                        Arrays.copyOf(s[5], (int) listed), at);
                int wraps = 0;
                for (int c = 0; c < cores; c++) {
                    for (int i = layout.coreStart()[c]; updated[c] && i < layout.coreStart()[c + 1]; i++) {
                        wraps |= inJava.spiked[i] & (2 | 4 | 8);
                    }
                }
                assertEquals(wraps, (int) (listed >>> 32), at);
            }
        }
    }

    /**
     * About half the cores made uniform (every compartment with the registers and threshold of the
     * core's first, as a compiled core has them) and reset synapses: in uniform cores one weight
     * for all or none, elsewhere on about half the compartments, weights at their ends at times.
     */
    private static ResetSynapses randomResets(Random r, NetworkLayout layout) {
        int[] start = layout.coreStart();
        int[] weights = new int[layout.compartmentCount()];
        int[] bounds = new int[weights.length];
        for (int c = 0; c < layout.coreCount(); c++) {
            boolean uniform = r.nextBoolean();
            int weight = resetWeight(r);
            boolean none = r.nextInt(4) == 0;
            int bound = 1 << 1 + r.nextInt(ResetSynapses.MAX_BOUND_BITS);
            for (int i = start[c]; i < start[c + 1]; i++) {
                if (uniform) {
                    layout.uKeep()[i] = layout.uKeep()[start[c]];
                    layout.vKeep()[i] = layout.vKeep()[start[c]];
                    layout.refractDelay()[i] = layout.refractDelay()[start[c]];
                    layout.vth()[i] = layout.vth()[start[c]];
                    weights[i] = none ? 0 : weight;
                    bounds[i] = none ? 0 : bound;
                } else {
                    weights[i] = r.nextBoolean() ? resetWeight(r) : 0;
                    bounds[i] = weights[i] == 0 ? 0 : 1 << 1 + r.nextInt(ResetSynapses.MAX_BOUND_BITS);
                }
            }
        }
        return ResetSynapses.given(weights, bounds, start);
    }

    /** A weight of 9 bits + sign shifted by up to 13, or an int's ends (the kernel adds any int). */
    private static int resetWeight(Random r) {
        int w = r.nextInt(4) == 0 ? (r.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE) : weight(r) << r.nextInt(14);
        return w == 0 ? -1 : w;
    }

    /** The core compartment i is on. */
    private static int coreOf(NetworkLayout layout, int i) {
        int c = 0;
        while (layout.coreStart()[c + 1] <= i) {
            c++;
        }
        return c;
    }

    /** Per core: whether every bias of it is 0. */
    private static boolean[] biasFree(NetworkLayout layout) {
        boolean[] free = new boolean[layout.coreCount()];
        for (int c = 0; c < free.length; c++) {
            free[c] = true;
            for (int i = layout.coreStart()[c]; i < layout.coreStart()[c + 1]; i++) {
                free[c] &= layout.bias()[i] == 0;
            }
        }
        return free;
    }

    /**
     * A small network stepped by one native call a step ({@link NativeAdds#stepState}) against the
     * same network on the two calls, delivery then update: seeded random networks (every other
     * one with weights big enough to wrap q, u and u + bias), host spikes on random axons of every
     * input port each step, 60 steps; q, u, v, counters, flag words, the spike list and the
     * warnings equal after every step.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void shouldStepAWholeSmallNetworkAsTheTwoCallsDo(long seed) {
        assumeTrue(NativeAdds.AVAILABLE, () -> "native kernel not loaded: " + NativeAdds.unavailabilityCause());
        boolean wrapProne = seed % 2 == 0;
        NetworkLayout layout = RawLoader.load(RandomRawNetworks.generate(seed + (wrapProne ? 1000 : 0), wrapProne),
                "seed " + seed);
        NetworkRuntime whole = new NetworkRuntime(layout, 1, true, true);
        NetworkRuntime twoCalls = new NetworkRuntime(layout, 1, true, false);
        assertTrue(whole.stepsWhole() && !twoCalls.stepsWhole(), "seed=" + seed);
        Random r = new Random(seed);
        int[][] axonStarts = layout.inputTargetStart();
        for (int step = 0; step < 60; step++) {
            for (int port = 0; port < axonStarts.length; port++) {
                int axons = axonStarts[port].length - 1;
                for (int k = 0, n = axons == 0 ? 0 : r.nextInt(axons + 1); k < n; k++) {
                    int axon = r.nextInt(axons);
                    whole.inject(port, axon);
                    twoCalls.inject(port, axon);
                }
            }
            whole.step();
            twoCalls.step();
            assertSameState(twoCalls, whole, "seed=" + seed + ", step=" + step);
        }
    }

    /**
     * Each spike lister of the kernel this processor runs (plain, AVX2, AVX-512; a step uses
     * the widest) against the listing written out in Java: flag words of random bits with the
     * spike bit on none, a seventh, half or all of them, ranges of 0 to 100 compartments from any
     * start, so that the vector loops' ends and tails are crossed.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void shouldListSpikesAsJavaDoesWithEveryLister(long seed) {
        assumeTrue(NativeAdds.AVAILABLE, () -> "native kernel not loaded: " + NativeAdds.unavailabilityCause());
        Random r = new Random(seed);
        for (int round = 0; round < 20; round++) {
            int[] flags = new int[r.nextInt(120) + 1];
            int share = new int[] {0, 7, 2, 1}[r.nextInt(4)];
            for (int i = 0; i < flags.length; i++) {
                boolean spike = share == 1 || share > 1 && r.nextInt(share) == 0;
                flags[i] = r.nextInt(32) & ~NetworkRuntime.SPIKED | (spike ? NetworkRuntime.SPIKED : 0);
            }
            int from = r.nextInt(flags.length);
            int to = from + r.nextInt(flags.length - from + 1);
            int[] expected = java.util.stream.IntStream.range(from, to)
                    .filter(i -> (flags[i] & NetworkRuntime.SPIKED) != 0).toArray();
            int any = java.util.stream.IntStream.range(from, to).map(i -> flags[i]).reduce(0, (a, b) -> a | b);
            for (int lister = 0; lister < 3; lister++) {
                int[] spikes = new int[flags.length + 1];
                long listed = NativeAdds.listSpikes(lister, flags, from, to, spikes);
                if (listed == -1) {
                    assertTrue(lister > 0, "the plain lister runs everywhere");
                    continue;
                }
                String at = "seed=" + seed + ", round=" + round + ", lister=" + lister;
                assertArrayEquals(expected, Arrays.copyOf(spikes, (int) listed), at);
                assertEquals(any, (int) (listed >>> 32), at);
            }
        }
    }

    /**
     * Each byte adder this processor has (plain, AVX2, AVX-512; a step uses only the widest) on
     * the values of bytes blocks, against Java's sums: lengths across the vectors' ends, shifts
     * 0-13 (0 has a loop of its own), values at -128 and 127, q near the ends of an int, the
     * block from an odd short and up to the array's last.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void shouldAddByteValuesAsJavaDoesWithEveryWidth(long seed) {
        assumeTrue(NativeAdds.AVAILABLE, () -> "native kernel not loaded: " + NativeAdds.unavailabilityCause());
        Random r = new Random(seed);
        for (int round = 0; round < 20; round++) {
            int length = 1 + r.nextInt(r.nextBoolean() ? 40 : 300);
            int shift = r.nextInt(3) == 0 ? 0 : r.nextInt(14);
            int at = r.nextInt(8);
            // the values end the array: nothing past a block may be read
            short[] mem = new short[at + (length + 1) / 2];
            for (int k = 0; k < length; k++) {
                mem[at + k / 2] |= (short) ((byteWeight(r) & 0xFF) << 8 * (k % 2));
            }
            int first = r.nextInt(16);
            int[] q = new int[first + length + r.nextInt(16)];
            for (int i = 0; i < q.length; i++) {
                q[i] = r.nextInt(4) == 0 ? edgeOfInt(r) : r.nextInt(1 << 22) - (1 << 21);
            }
            int[] expected = q.clone();
            for (int k = 0; k < length; k++) {
                expected[first + k] += (byte) (mem[at + k / 2] >> 8 * (k % 2)) << shift;
            }
            for (int width = 0; width < 3; width++) {
                int[] actual = q.clone();
                if (!NativeAdds.addByteValues(width, actual, first, mem, at, length, shift)) {
                    assertTrue(width > 0, "the plain adder runs everywhere");
                    continue;
                }
                assertArrayEquals(expected, actual, "seed=" + seed + ", round=" + round + ", width=" + width);
            }
        }
    }

    /**
     * q, u, v, counters, flag words, the step's spike list and the warnings, equal; q less the
     * reset synapses a runtime stepped whole writes ahead ({@link ResetSynapses}).
     */
    static void assertSameState(NetworkRuntime expected, NetworkRuntime actual, String at) {
        assertArrayEquals(qDelivered(expected), qDelivered(actual), at);
        assertArrayEquals(ints(expected.uState()), ints(actual.uState()), at);
        assertArrayEquals(ints(expected.vState()), ints(actual.vState()), at);
        assertArrayEquals(ints(expected.refractState()), ints(actual.refractState()), at);
        assertArrayEquals(ints(expected.flagState()), ints(actual.flagState()), at);
        assertArrayEquals(stepSpikes(expected), stepSpikes(actual), at);
        assertArrayEquals(new boolean[] {expected.qWrapped, expected.uWrapped, expected.u2Wrapped},
                new boolean[] {actual.qWrapped, actual.uWrapped, actual.u2Wrapped}, at);
    }

    /** q between steps less the reset synapses of the last step's spikes that the runtime's update wrote ahead. */
    static int[] qDelivered(NetworkRuntime runtime) {
        int[] q = ints(runtime.qState());
        if (runtime.resetSynapses() != null) {
            int[] weights = runtime.resetSynapses().weights();
            for (int i : stepSpikes(runtime)) {
                q[i] -= weights[i];
            }
        }
        return q;
    }

    /** What a view of the state holds. */
    static int[] ints(java.nio.IntBuffer state) {
        int[] out = new int[state.limit()];
        state.get(0, out);
        return out;
    }

    /** The runtime's last step's spikes, wherever it holds them. */
    static int[] stepSpikes(NetworkRuntime runtime) {
        return java.util.stream.IntStream.range(0, runtime.stepSpikeCount).map(runtime::stepSpike).toArray();
    }

    private static void stop(NetworkRuntime runtime) {
        if (runtime.team() != null) {
            runtime.team().stop();
        }
    }

    /** Cores of random sizes and registers at their limits (LOIHI.md), neighbours sharing vmin and vmax at times. */
    private static NetworkLayout randomCores(Random r) {
        int cores = 2 + r.nextInt(8);
        int[] coreStart = new int[cores + 1];
        int[] vmin = new int[cores];
        int[] vmax = new int[cores];
        for (int c = 0; c < cores; c++) {
            coreStart[c + 1] = coreStart[c] + (r.nextBoolean() ? 1 + r.nextInt(40) : 1 + r.nextInt(1024));
            boolean same = c > 0 && r.nextBoolean();
            vmin[c] = same ? vmin[c - 1] : -(1 << r.nextInt(24)) + 1;
            vmax[c] = same ? vmax[c - 1] : (1 << 9 + 2 * r.nextInt(8)) - 1;
        }
        int n = coreStart[cores];
        int[] uKeep = new int[n];
        int[] vKeep = new int[n];
        int[] vth = new int[n];
        int[] bias = new int[n];
        int[] delay = new int[n];
        for (int i = 0; i < n; i++) {
            uKeep[i] = 4096 - 1 - (r.nextInt(4) == 0 ? r.nextInt(2) * 4095 : r.nextInt(4096));
            vKeep[i] = 4096 - (r.nextInt(4) == 0 ? r.nextInt(2) * 4095 : r.nextInt(4096));
            vth[i] = (r.nextInt(4) == 0 ? (1 << 17) - 1 - r.nextInt(2) : r.nextInt(1 << 17)) * 64;
            bias[i] = r.nextInt(3) == 0 ? 0 : (r.nextInt(1 << 13) - (1 << 12)) << r.nextInt(8);
            delay[i] = 1 + r.nextInt(63);
        }
        String[] names = new String[cores];
        Arrays.fill(names, "core");
        return new NetworkLayout(names, coreStart, vmin, vmax, uKeep, vKeep, vth, bias, delay, new short[0],
                new int[n + 1], new int[0], new int[n + 1], new int[0], new String[0], new int[0], new int[0][],
                new int[0][], new String[0], new dev.loihi.image.OutputPort.Kind[0], new int[0][]);
    }

    /** 1 for the compartments of about a third of the cores, made quiet: no bias, no state, no input. */
    private static int[] quietCores(Random r, NetworkLayout layout) {
        int[] quiet = new int[layout.compartmentCount()];
        int[] start = layout.coreStart();
        for (int c = 0; c < layout.coreCount(); c++) {
            if (r.nextInt(3) == 0) {
                for (int i = start[c]; i < start[c + 1]; i++) {
                    quiet[i] = 1;
                    layout.bias()[i] = 0;
                }
            }
        }
        return quiet;
    }

    /**
     * About a tenth of the compartments that are not quiet made to add q to v unchanged (u kept
     * for no step, v for ever, no bias, a threshold below 2^21), so that a step can put v exactly
     * on the threshold.
     */
    private static boolean[] thresholdEdges(Random r, NetworkLayout layout, int[] quiet) {
        boolean[] onEdge = new boolean[quiet.length];
        for (int i = 0; i < quiet.length; i++) {
            if (quiet[i] == 0 && r.nextInt(10) == 0) {
                onEdge[i] = true;
                layout.uKeep()[i] = 0;
                layout.vKeep()[i] = 4096;
                layout.bias()[i] = 0;
                layout.vth()[i] = r.nextInt(1 << 15) * 64;
            }
        }
        return onEdge;
    }

    /** A value of {@code bits} bits + sign, at either end of the range or anywhere in it. */
    private static int edge(Random r, int bits) {
        int top = (1 << bits) - 1;
        return switch (r.nextInt(5)) {
            case 0 -> top - r.nextInt(4);
            case 1 -> -top - 1 + r.nextInt(4);
            default -> r.nextInt(2 * top + 2) - top - 1;
        };
    }

    /** Beyond 22 bits: near the ends of an int, or just past 22 bits, so that q wraps. */
    private static int edgeOfInt(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> Integer.MAX_VALUE - r.nextInt(8);
            case 1 -> Integer.MIN_VALUE + r.nextInt(8);
            default -> (r.nextBoolean() ? 1 : -1) * ((1 << 21) + r.nextInt(1 << 20));
        };
    }

    /** A random dense, sparse or byte block at {@code at} in NetworkLayout's format; returns its length in shorts. */
    private static int writeBlock(Random r, short[] mem, int at, int coreSize) {
        int kind = r.nextInt(3);
        boolean dense = kind != 0;
        // single synapses (a compartment's reset synapse to itself) often, as compiled networks have them
        int length = r.nextInt(5) == 0 ? 1 : 1 + r.nextInt(r.nextBoolean() ? 16 : 300);
        mem[at] = (short) length;
        mem[at + 1] = (short) (r.nextInt(14) << 1 | (dense ? 1 : 0) | (kind == 2 ? NetworkLayout.BYTE_WEIGHTS : 0));
        mem[at + 2] = (short) r.nextInt(32);
        if (kind == 2) {
            mem[at + 3] = (short) r.nextInt(coreSize - length + 1);
            for (int k = 0; k < length; k += 2) {
                int high = k + 1 < length ? byteWeight(r) : 0;
                mem[at + 4 + k / 2] = (short) (byteWeight(r) & 0xFF | high << 8);
            }
            return 4 + (length + 1) / 2;
        }
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

    /** A signed byte, the extremes often. */
    private static int byteWeight(Random r) {
        int pick = r.nextInt(6);
        return pick == 0 ? -128 : pick == 1 ? 127 : r.nextInt(256) - 128;
    }

    /** The block format of NetworkLayout, summed one synapse at a time. */
    private static void addInJava(int[] q, short[] mem, int offset, int base) {
        int length = mem[offset];
        int shift = (mem[offset + 1] >> 1) & 31;
        boolean dense = (mem[offset + 1] & 1) != 0;
        boolean bytes = (mem[offset + 1] & NetworkLayout.BYTE_WEIGHTS) != 0;
        for (int k = 0; k < length; k++) {
            if (bytes) {
                int word = mem[offset + 4 + k / 2];
                int weight = k % 2 == 0 ? (byte) word : word >> 8;
                q[base + mem[offset + 3] + k] += weight << shift;
            } else if (dense) {
                q[base + mem[offset + 3] + k] += mem[offset + 4 + k] << shift;
            } else {
                q[base + mem[offset + 3 + 2 * k]] += mem[offset + 4 + 2 * k] << shift;
            }
        }
    }
}
