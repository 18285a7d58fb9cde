package dev.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One network stepped on several threads ({@link CoreShard}, {@link StepTeam}) against the plain
 * reference and against one thread, on seeded multi-core recurrent networks: every core feeds
 * itself and others, host spikes arrive on several cores, some seeds wrap q, u and u + bias.
 */
class ParallelSteppingTest {

    static LongStream seeds() {
        return LongStream.range(1, 25);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldMatchReferenceOnSeveralThreads(long seed) {
        RawNetwork raw = recurrent(seed);
        Trace reference = ReferenceStepper.run(raw);
        LoadedNetwork network = LoadedNetwork.of(raw);
        for (int threads = 2; threads <= 4; threads++) {
            Emulator emulator = network.newEmulator(threads);
            assertEquals(Math.min(threads, raw.blocks().size()), emulator.steppingThreads());
            assertEquals(Optional.empty(), TraceComparison.firstDifference(reference,
                    emulator.runTrace(raw.steps(), Emulator.schedule(raw))), "threads=" + threads);
            emulator.run(13);
            emulator.reset();
            assertEquals(Optional.empty(), TraceComparison.firstDifference(reference,
                    emulator.runTrace(raw.steps(), Emulator.schedule(raw))), "after reset, threads=" + threads);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldMatchOneThreadOnRandomNetworks(long seed) {
        RawNetwork raw = RandomRawNetworks.generate(500 + seed, seed % 2 == 0);
        LoadedNetwork network = LoadedNetwork.of(raw);
        Trace one = network.newEmulator(1).runTrace(raw.steps(), Emulator.schedule(raw));
        Trace three = network.newEmulator(3).runTrace(raw.steps(), Emulator.schedule(raw));
        assertEquals(Optional.empty(), TraceComparison.firstDifference(one, three));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldSplitCoresIntoContiguousNonEmptyShards(long seed) {
        Random r = new Random(seed);
        int cores = 1 + r.nextInt(40);
        int[] coreStart = new int[cores + 1];
        for (int c = 0; c < cores; c++) {
            // empty cores too: a shard may hold one
            coreStart[c + 1] = coreStart[c] + (r.nextInt(5) == 0 ? 0 : 1 + r.nextInt(1024));
        }
        int wanted = 1 + r.nextInt(8);
        CoreShard[] shards = CoreShard.split(coreStart, wanted);
        assertEquals(Math.min(wanted, cores), shards.length);
        int next = 0;
        for (CoreShard s : shards) {
            assertEquals(next, s.coreFrom);
            assertTrue(s.coreTo > s.coreFrom, "empty shard");
            assertEquals(coreStart[s.coreTo] - coreStart[s.coreFrom] + 1, s.spikes.length);
            next = s.coreTo;
        }
        assertEquals(cores, next);
    }

    @Test
    void shouldShareEvenlyWhenCoresAreEqual() {
        int[] coreStart = new int[33];
        for (int c = 0; c <= 32; c++) {
            coreStart[c] = 256 * c;
        }
        CoreShard[] shards = CoreShard.split(coreStart, 2);
        assertEquals(16, shards[0].coreTo);
        assertEquals(32, shards[1].coreTo);
    }

    @Test
    void shouldStepSmallNetworksOnOneThreadAndBigOnesOnEveryProcessor() {
        assertEquals(1, SteppingThreads.forNetwork(390, 2));
        assertEquals(1, SteppingThreads.forNetwork(8_191, 2));
        assertEquals(2, SteppingThreads.forNetwork(8_192, 2));
        assertEquals(2, SteppingThreads.forNetwork(131_072, 2));
        assertEquals(8, SteppingThreads.forNetwork(131_072, 8));
        assertEquals(1, SteppingThreads.forNetwork(131_072, 1));
    }

    @Test
    void shouldKeepToItsShareOfTheProcessors() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty(SteppingThreads.PROPERTY) == null,
                "the threaded test run forces the count");
        Random r = new Random(5);
        List<RawBlock> blocks = new ArrayList<>();
        for (int b = 0; b < 9; b++) {
            blocks.add(RandomRawNetworks.block(r, "B" + b, false, 1000, null));
        }
        LoadedNetwork network = LoadedNetwork.of(new RawNetwork(10, blocks, List.of(), List.of()));
        // 9,000 compartments gain from two threads, but two workers side by side get one processor each
        assertEquals(1, network.newEmulatorWithin(1).steppingThreads());
        assertEquals(2, network.newEmulatorWithin(2).steppingThreads());
    }

    @Test
    void shouldRejectAThreadCountOutOfRange() {
        LoadedNetwork network = LoadedNetwork.of(recurrent(1));
        LoihiException e = assertThrows(LoihiException.class, () -> network.newEmulator(0));
        assertEquals(EmulatorErrors.EMULATOR_THREADS, e.code());
        assertTrue(e.getMessage().contains("threads=0"), e.getMessage());
    }

    @Test
    void shouldRunEveryShardOncePerStepAndEndItsThreadsWhenStopped() throws InterruptedException {
        AtomicIntegerArray runs = new AtomicIntegerArray(4);
        StepTeam team = new StepTeam(3, runs::incrementAndGet);
        for (int t = 0; t < 1000; t++) {
            team.step(() -> runs.incrementAndGet(0));
        }
        for (int k = 0; k < 4; k++) {
            assertEquals(1000, runs.get(k), "shard " + k);
        }
        team.stop();
        assertTrue(team.awaitStopped(10_000), "a stepping thread did not end");
    }

    /** 2 to 9 cores of 1 to 300 compartments, each fed by itself, its neighbours and the host. */
    static RawNetwork recurrent(long seed) {
        Random r = new Random(seed);
        boolean wrapping = seed % 4 == 0;
        int steps = 60 + r.nextInt(80);
        int blockCount = 2 + r.nextInt(8);
        List<RawBlock> blocks = new ArrayList<>();
        for (int b = 0; b < blockCount; b++) {
            int n = r.nextInt(5) == 0 ? 1 + r.nextInt(8) : 30 + r.nextInt(270);
            blocks.add(RandomRawNetworks.block(r, "B" + b, wrapping, n, r.nextBoolean() ? new int[] {23, 7} : null));
        }
        int axons = 1 + r.nextInt(20);
        RawInput in = RandomRawNetworks.input(r, "in", axons, steps);
        List<RawSynapse> synapses = new ArrayList<>();
        for (int b = 0; b < blockCount; b++) {
            RawBlock post = blocks.get(b);
            for (int from : new TreeSet<>(List.of(b, (b + 1) % blockCount, (b + blockCount - 1) % blockCount))) {
                RawBlock pre = blocks.get(from);
                synapses.add(new RawSynapse(pre.name(), post.name(),
                        RandomRawNetworks.weights(r, pre.n(), post.n(), wrapping), exponent(r, wrapping)));
            }
            if (r.nextBoolean()) {
                synapses.add(new RawSynapse("in", post.name(), RandomRawNetworks.weights(r, axons, post.n(), wrapping),
                        exponent(r, wrapping)));
            }
        }
        return new RawNetwork(steps, blocks, List.of(in), synapses);
    }

    private static int exponent(Random r, boolean wrapping) {
        return wrapping ? 3 + r.nextInt(5) : -7 + r.nextInt(15);
    }
}
