package dev.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Emulators made from one loaded network share its arrays but none of their state. */
class LoadedNetworkTest {

    @ParameterizedTest
    @ValueSource(longs = {3, 17, 29, 1004})
    void shouldMatchReferenceWhenEmulatorsOfOneNetworkRunOnTwoThreads(long seed) throws Exception {
        RawNetwork raw = RandomRawNetworks.generate(seed, seed > 1000);
        Trace expected = ReferenceStepper.run(raw);
        LoadedNetwork network = LoadedNetwork.of(raw);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Trace>> runs = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                runs.add(pool.submit(() -> network.newEmulator().runTrace(raw.steps(), Emulator.schedule(raw))));
            }
            for (Future<Trace> run : runs) {
                assertEquals(Optional.empty(), TraceComparison.firstDifference(expected, run.get(30, TimeUnit.SECONDS)));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldStartEachEmulatorAtStepZeroWhateverOthersDid() {
        RawNetwork raw = RandomRawNetworks.generate(5, false);
        LoadedNetwork network = LoadedNetwork.of(raw);
        Emulator first = network.newEmulator();
        first.run(raw.steps());
        Emulator second = network.newEmulator();
        assertEquals(0, second.stepCount());
        assertEquals(Optional.empty(), TraceComparison.firstDifference(ReferenceStepper.run(raw),
                second.runTrace(raw.steps(), Emulator.schedule(raw))));
    }

    @Test
    void shouldCountSharedArraysOnceAndStatePerEmulator() {
        LoadedNetwork network = LoadedNetwork.of(RandomRawNetworks.generate(7, false));
        Emulator emulator = network.newEmulator();
        assertEquals(network.sharedBytes() + emulator.stateBytes(), emulator.memoryBytes());
    }
}
