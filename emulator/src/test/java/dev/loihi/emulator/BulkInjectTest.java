package dev.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Emulator#inject(int, int[], int, int)}, a step's host spikes in one call, against the
 * same spikes injected one by one: seeded networks with every input port, random axons (repeats
 * included) at random offsets of a longer array, 40 steps; v, u, the output spikes and the
 * warnings equal after every step.
 */
class BulkInjectTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void shouldStepAsTheSpikesInjectedOneByOne(long seed) {
        RawNetwork network = driven(seed);
        Emulator oneByOne = Emulator.load(network);
        Emulator bulk = Emulator.load(network);
        Random r = new Random(seed);
        int injected = 0;
        for (int step = 0; step < 40; step++) {
            for (int port = 0; port < bulk.inputPortCount(); port++) {
                int axons = bulk.inputPortSize(port);
                int n = axons == 0 ? 0 : r.nextInt(2 * axons + 1);
                int from = r.nextInt(4);
                int[] spikes = new int[from + n + r.nextInt(4)];
                // before from and after the range: axons the call must not inject
                Arrays.fill(spikes, axons == 0 ? 0 : r.nextInt(axons));
                for (int k = from; k < from + n; k++) {
                    spikes[k] = r.nextInt(axons);
                    oneByOne.inject(port, spikes[k]);
                }
                bulk.inject(port, spikes, from, from + n);
                injected += n;
            }
            oneByOne.step();
            bulk.step();
            for (int out = 0; out < bulk.outputPortCount(); out++) {
                int size = bulk.outputSize(out);
                String where = "seed=" + seed + ", step=" + step + ", port=" + out;
                assertArrayEquals(read(oneByOne, out, size, 0), read(bulk, out, size, 0), where);
                assertArrayEquals(read(oneByOne, out, size, 1), read(bulk, out, size, 1), where);
                assertArrayEquals(read(oneByOne, out, size, 2), read(bulk, out, size, 2), where);
            }
        }
        assertEquals(oneByOne.warnings(), bulk.warnings());
        assertTrue(injected > 0, "no host spike: the comparison would prove nothing");
    }

    /** The first network from {@code seed} on (every other one wrap-prone) where an input port drives a block. */
    private static RawNetwork driven(long seed) {
        for (long s = seed; ; s += 100) {
            RawNetwork n = RandomRawNetworks.generate(s, s % 2 == 0);
            if (n.synapses().stream().anyMatch(syn -> n.inputs().stream().anyMatch(in -> in.name().equals(syn.pre())))) {
                return n;
            }
        }
    }

    private static int[] read(Emulator e, int port, int size, int what) {
        int[] out = new int[size];
        switch (what) {
            case 0 -> e.readVoltage(port, out);
            case 1 -> e.readCurrent(port, out);
            default -> Arrays.fill(out, e.readSpikes(port, new int[size]));
        }
        return out;
    }

    @Test
    void shouldInjectNoneWhenOneAxonIsOutOfRange() {
        RawNetwork network = driven(3);
        Emulator bulk = Emulator.load(network);
        Emulator silent = Emulator.load(network);
        int axons = bulk.inputPortSize(0);
        for (int bad : new int[] {axons, -1, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            LoihiException e = assertThrows(LoihiException.class, () -> bulk.inject(0, new int[] {0, bad, 0}, 0, 3));
            assertEquals(EmulatorErrors.EMULATOR_NO_SUCH_PORT, e.code());
            assertTrue(e.getMessage().contains("axon=" + bad), e.getMessage());
        }
        assertThrows(LoihiException.class, () -> bulk.inject(bulk.inputPortCount(), new int[0], 0, 0));
        for (int step = 0; step < 5; step++) {
            bulk.step();
            silent.step();
        }
        int[] a = new int[bulk.outputSize(0)];
        int[] b = new int[a.length];
        bulk.readVoltage(0, a);
        silent.readVoltage(0, b);
        assertArrayEquals(b, a);
    }
}
