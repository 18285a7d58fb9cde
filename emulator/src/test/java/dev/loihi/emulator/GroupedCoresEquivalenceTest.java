package dev.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The runtime against the plain reference on random networks shaped to reach what
 * {@link RandomRawNetworks} rarely does: neighbouring cores that share vmin and vmax (updated in
 * one loop), cores without bias that fall to rest and wake again (skipped meanwhile), cores of
 * one to hundreds of compartments (vector loops and their remainders), a few hundred steps, and
 * the same run again after {@link Emulator#reset()}.
 */
class GroupedCoresEquivalenceTest {

    static LongStream seeds() {
        return LongStream.range(1, 41);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldMatchReferenceOnGroupedAndRestingCores(long seed) {
        RawNetwork raw = generate(seed);
        Trace reference = ReferenceStepper.run(raw);
        assertEquals(Optional.empty(), TraceComparison.firstDifference(reference, Emulator.runRaw(raw)));
        Emulator emulator = Emulator.load(raw);
        emulator.run(37);
        emulator.reset();
        assertEquals(Optional.empty(), TraceComparison.firstDifference(reference,
                emulator.runTrace(raw.steps(), Emulator.schedule(raw))));
    }

    private static RawNetwork generate(long seed) {
        Random r = new Random(seed);
        boolean wrapping = r.nextBoolean();
        int steps = 150 + r.nextInt(150);
        int blockCount = 3 + r.nextInt(8);
        // most blocks share one vmin and vmax, so that neighbours are updated together
        int vminExp = r.nextBoolean() ? 23 : r.nextInt(24);
        int vmaxExp = r.nextBoolean() ? 7 : r.nextInt(8);
        List<RawBlock> blocks = new ArrayList<>();
        for (int b = 0; b < blockCount; b++) {
            int n = r.nextInt(4) == 0 ? 1 + r.nextInt(8) : 20 + r.nextInt(200);
            int[] exps = r.nextInt(5) == 0 ? new int[] {r.nextInt(24), r.nextInt(8)} : new int[] {vminExp, vmaxExp};
            blocks.add(RandomRawNetworks.block(r, "B" + b, wrapping, n, exps));
        }
        // host input in bursts of 40 steps with silences between, so bias-free cores come to rest
        int axons = 1 + r.nextInt(30);
        double rate = r.nextDouble() * 0.2;
        int[][] times = new int[axons][];
        for (int a = 0; a < axons; a++) {
            List<Integer> t = new ArrayList<>();
            for (int s = 1; s <= steps; s++) {
                if ((s / 40) % 2 == 0 && r.nextDouble() < rate) {
                    t.add(s);
                }
            }
            times[a] = t.stream().mapToInt(Integer::intValue).toArray();
        }
        List<RawSynapse> synapses = new ArrayList<>();
        for (RawBlock post : blocks) {
            if (r.nextBoolean()) {
                synapses.add(new RawSynapse("in", post.name(), RandomRawNetworks.weights(r, axons, post.n(), wrapping),
                        exponent(r, wrapping)));
            }
        }
        for (int s = 0, extra = 1 + r.nextInt(blockCount * 2); s < extra; s++) {
            RawBlock pre = blocks.get(r.nextInt(blockCount));
            RawBlock post = blocks.get(r.nextInt(blockCount));
            int[][] w = RandomRawNetworks.weights(r, pre.n(), post.n(), wrapping);
            synapses.add(new RawSynapse(pre.name(), post.name(), w, exponent(r, wrapping)));
        }
        return new RawNetwork(steps, blocks, List.of(new RawInput("in", axons, times)), synapses);
    }

    /** Large exponents where the network is meant to wrap q, u and v. */
    private static int exponent(Random r, boolean wrapping) {
        return wrapping ? 3 + r.nextInt(5) : -7 + r.nextInt(15);
    }
}
