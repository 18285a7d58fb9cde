package dev.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A network stepped whole adds its reset synapses in the update ({@link ResetSynapses}) and
 * must step bit for bit as the two calls a step do, which deliver them as blocks: recurrent
 * networks whose blocks reset themselves, compartments with a reset synapse and other synapses
 * onto themselves, two reset synapses on one compartment, weights too big to take, long
 * refractory delays, and steps whose q is summed again in 64 bits.
 */
class ResetSynapsesTest {

    static LongStream seeds() {
        return LongStream.range(1, 41);
    }

    /**
     * Random recurrent networks (RandomRawNetworks' blocks, uniform or not, each with a diagonal
     * reset synapse onto itself on most of its compartments), extra single-synapse blocks onto
     * their own compartment added to the layout (some beside a block that already reaches the
     * compartment, some twice, some with bound bits of 31: left a record, and a core bound past an
     * int, so the step is summed again in 64 bits), host spikes each step: the state equal to the
     * two calls' after each of 80 steps.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void shouldStepAsTheTwoCallsDo(long seed) {
        assumeTrue(NativeAdds.AVAILABLE, () -> "native kernel not loaded: " + NativeAdds.unavailabilityCause());
        Random r = new Random(seed);
        NetworkLayout layout = withSelfBlocks(r, RawLoader.load(recurrent(r, seed % 3 == 0), "seed " + seed));
        NetworkRuntime whole = new NetworkRuntime(layout, 1, true, true);
        NetworkRuntime twoCalls = new NetworkRuntime(layout, 1, true, false);
        assertTrue(whole.stepsWhole() && !twoCalls.stepsWhole(), "seed=" + seed);
        assertTrue(whole.resetSynapses().count() > 0, "seed=" + seed + ": no reset synapse taken");
        int[][] axonStarts = layout.inputTargetStart();
        int spikes = 0;
        for (int step = 0; step < 80; step++) {
            for (int port = 0; port < axonStarts.length; port++) {
                int axons = axonStarts[port].length - 1;
                for (int k = 0, n = r.nextInt(axons + 1); k < n; k++) {
                    int axon = r.nextInt(axons);
                    whole.inject(port, axon);
                    twoCalls.inject(port, axon);
                }
            }
            whole.step();
            twoCalls.step();
            NativeAddsTest.assertSameState(twoCalls, whole, "seed=" + seed + ", step=" + step);
            spikes += twoCalls.stepSpikeCount;
        }
        assertTrue(spikes > 0, "seed=" + seed + ": nothing spiked");
    }

    /** The recurrent networks above as raw networks, against the reference stepper. */
    @ParameterizedTest
    @MethodSource("seeds")
    void shouldMatchTheReference(long seed) {
        RawNetwork raw = recurrent(new Random(seed), seed % 3 == 0);
        assertEquals(Optional.empty(), TraceComparison.firstDifference(ReferenceStepper.run(raw), Emulator.runRaw(raw)));
    }

    /**
     * ReferenceEquivalenceTest's step that passes an int (1,024 compartments and 1,032 host axons
     * at the largest weight onto one compartment), with each block also resetting itself: the
     * step is summed again in 64 bits and updated in Java, which must write the reset synapses
     * ahead as the kernel's update does (the host axons onto B spike every step, so every step is
     * such a step). A's reset synapses have bounds of 2^21, so that when all of A spikes (a host
     * axon drives it every step) they alone take its core's bound past an int, as the blocks did,
     * and A is summed in 64 bits too. That host axon wraps the q of A's first compartment after its
     * spike, which the 64-bit sum and the int sum tell apart in the flag words.
     */
    @Test
    void shouldWriteResetSynapsesAheadAfterAStepSummedInSixtyFourBits() {
        assumeTrue(NativeAdds.AVAILABLE, () -> "native kernel not loaded: " + NativeAdds.unavailabilityCause());
        int n = 1024;
        int[] all = filled(n, 4095);
        RawBlock a = new RawBlock("A", n, all, new int[n], filled(n, 1000), filled(n, 100), filled(n, 7), filled(n, 1),
                23, 7);
        RawBlock b = new RawBlock("B", 2, filled(2, 4095), new int[2], filled(2, 1000), new int[2], new int[2],
                new int[] {1, 5}, 23, 7);
        int hostAxons = 1032;
        int[][] times = new int[hostAxons][];
        int[] everyStep = new int[30];
        Arrays.setAll(everyStep, t -> t + 1);
        for (int k = 0; k < hostAxons; k++) {
            times[k] = everyStep;
        }
        int[][] fromA = new int[n][2];
        for (int i = 0; i < n; i++) {
            fromA[i][0] = 255;
            fromA[i][1] = i % 2 == 0 ? 254 : -254;
        }
        int[][] fromHost = new int[hostAxons][2];
        for (int k = 0; k < hostAxons; k++) {
            fromHost[k][0] = 255;
        }
        int[] toA = filled(n, 64);
        toA[0] = 255;
        RawNetwork raw = new RawNetwork(30, List.of(a, b),
                List.of(new RawInput("in", hostAxons, times), new RawInput("toA", 1, new int[][] {everyStep})),
                List.of(new RawSynapse("A", "B", fromA, 7), new RawSynapse("in", "B", fromHost, 7),
                        new RawSynapse("toA", "A", new int[][] {toA}, 7),
                        new RawSynapse("A", "A", diagonal(n, 128), 7), new RawSynapse("B", "B", diagonal(2, -100), 7)));
        assertEquals(Optional.empty(), TraceComparison.firstDifference(ReferenceStepper.run(raw), Emulator.runRaw(raw)));
        NetworkLayout layout = RawLoader.load(raw, "wide");
        NetworkRuntime whole = new NetworkRuntime(layout, 1, true, true);
        NetworkRuntime twoCalls = new NetworkRuntime(layout, 1, true, false);
        assertEquals(n + 2, whole.resetSynapses().count());
        boolean wide = false;
        for (int step = 0; step < 30; step++) {
            for (int k = 0; k < hostAxons; k++) {
                whole.inject(0, k);
                twoCalls.inject(0, k);
            }
            whole.inject(1, 0);
            twoCalls.inject(1, 0);
            whole.step();
            twoCalls.step();
            NativeAddsTest.assertSameState(twoCalls, whole, "step=" + step);
            wide |= twoCalls.qWrapped;
        }
        assertTrue(wide, "no step passed an int");
    }

    /** Blocks (uniform or not), inputs onto each, a diagonal reset synapse on most blocks and synapses between them. */
    static RawNetwork recurrent(Random r, boolean wrapProne) {
        int steps = 40 + r.nextInt(40);
        List<RawBlock> blocks = new ArrayList<>();
        List<RawSynapse> synapses = new ArrayList<>();
        List<RawInput> inputs = new ArrayList<>();
        int count = 1 + r.nextInt(3);
        for (int b = 0; b < count; b++) {
            // thresholds that the inputs reach (wrapProne's are up to 2^23; vmax at its top): the weights make
            // it wrap-prone
            RawBlock block = RandomRawNetworks.block(r, "B" + b, false, 1 + r.nextInt(60), new int[] {r.nextInt(24), 7});
            block = r.nextBoolean() ? uniform(block) : block;
            blocks.add(block);
            RawInput in = RandomRawNetworks.input(r, "in" + b, 1 + r.nextInt(6), steps);
            inputs.add(in);
            // excitatory, so that the blocks spike and reset
            int[][] drive = RandomRawNetworks.weights(r, in.axons(), block.n(), wrapProne);
            for (int[] row : drive) {
                Arrays.setAll(row, j -> Math.min(255, Math.abs(row[j])));
            }
            synapses.add(new RawSynapse(in.name(), block.name(), drive, wrapProne ? 6 : r.nextInt(4)));
            if (r.nextInt(4) != 0) {
                int[][] reset = new int[block.n()][block.n()];
                for (int i = 0; i < block.n(); i++) {
                    // mostly inhibitory, as a compiled reset synapse (-vth); some compartments without one
                    reset[i][i] = r.nextInt(6) == 0 ? 0 : r.nextInt(5) == 0 ? 1 + r.nextInt(255) : -1 - r.nextInt(256);
                }
                synapses.add(new RawSynapse(block.name(), block.name(), reset, wrapProne ? 7 : r.nextInt(8) - 4));
            }
        }
        for (int s = 0, extra = r.nextInt(4); s < extra; s++) {
            RawBlock pre = blocks.get(r.nextInt(count));
            RawBlock post = blocks.get(r.nextInt(count));
            if (pre != post) {
                synapses.add(new RawSynapse(pre.name(), post.name(),
                        RandomRawNetworks.weights(r, pre.n(), post.n(), wrapProne), r.nextInt(4)));
            }
        }
        return new RawNetwork(steps, blocks, inputs, synapses);
    }

    /** The block with every compartment's registers and threshold those of its first (its biases kept). */
    private static RawBlock uniform(RawBlock b) {
        return new RawBlock(b.name(), b.n(), filled(b.n(), b.decayU()[0]), filled(b.n(), b.decayV()[0]),
                filled(b.n(), b.vthMant()[0]), b.biasMant(), b.biasExp(), filled(b.n(), b.refractDelay()[0]),
                b.vminExp(), b.vmaxExp());
    }

    /**
     * The layout with a dense block of one synapse onto its own compartment routed from about a
     * quarter of the compartments (beside what they reach already, which for a block with a
     * recurrent synapse includes themselves), twice on some, and on some with bound bits of 31
     * (a weight of 2^30 or more: left a record; its core's bound passes an int).
     */
    private static NetworkLayout withSelfBlocks(Random r, NetworkLayout layout) {
        int[] coreStart = layout.coreStart();
        int n = layout.compartmentCount();
        short[] mem = Arrays.copyOf(layout.synapseMemory(), layout.synapseMemory().length + 5 * 2 * n);
        int used = layout.synapseMemory().length;
        int[] start = new int[n + 1];
        int[] targets = new int[layout.routeTargets().length + 2 * 2 * n];
        int core = 0;
        for (int i = 0; i < n; i++) {
            while (coreStart[core + 1] <= i) {
                core++;
            }
            int k = 2 * start[i];
            for (int p = 2 * layout.routeStart()[i]; p < 2 * layout.routeStart()[i + 1]; p++) {
                targets[k++] = layout.routeTargets()[p];
            }
            for (int extra = r.nextInt(4) == 0 ? 1 + r.nextInt(2) : 0; extra > 0; extra--) {
                int shift = r.nextInt(8) == 0 ? 21 + r.nextInt(3) : r.nextInt(14);
                int weight = r.nextInt(511) - 256;
                weight = weight == 0 ? -1 : weight;
                mem[used] = 1;
                mem[used + 1] = (short) (shift << 1 | 1);
                mem[used + 2] = (short) (64 - Long.numberOfLeadingZeros(Math.abs((long) weight << shift)));
                mem[used + 3] = (short) (i - coreStart[core]);
                mem[used + 4] = (short) weight;
                // r decides where among the compartment's routes the new one goes
                int at = k - 2 * r.nextInt((k - 2 * start[i]) / 2 + 1);
                System.arraycopy(targets, at, targets, at + 2, k - at);
                targets[at] = core;
                targets[at + 1] = used;
                used += 5;
                k += 2;
            }
            start[i + 1] = k / 2;
        }
        return new NetworkLayout(layout.coreNames(), coreStart, layout.coreVmin(), layout.coreVmax(), layout.uKeep(),
                layout.vKeep(), layout.vth(), layout.bias(), layout.refractDelay(), Arrays.copyOf(mem, used), start,
                Arrays.copyOf(targets, 2 * start[n]), layout.populationStart(), layout.populationTargets(),
                layout.inputNames(), layout.inputAxons(), layout.inputTargetStart(), layout.inputTargets(),
                layout.outputNames(), layout.outputKinds(), layout.outputCompartments());
    }

    private static int[][] diagonal(int n, int weight) {
        int[][] w = new int[n][n];
        for (int i = 0; i < n; i++) {
            w[i][i] = weight;
        }
        return w;
    }

    private static int[] filled(int n, int value) {
        int[] out = new int[n];
        Arrays.fill(out, value);
        return out;
    }
}
