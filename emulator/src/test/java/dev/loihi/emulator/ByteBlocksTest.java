package dev.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Dense blocks of byte values (NetworkLayout's third form): written when every value fits a
 * signed byte above the weights' common power of two, shorts otherwise, and stepped bit for bit
 * as the reference steps the weights, mixed with short and sparse blocks, on one and two threads.
 */
class ByteBlocksTest {

    static LongStream seeds() {
        return LongStream.range(1, 21);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldStoreValuesAsBytesExactlyWhenEveryOneFitsASignedByte(long seed) {
        Random r = new Random(seed);
        int length = 1 + r.nextInt(300);
        int shift = r.nextInt(6);
        boolean tooWide = r.nextBoolean();
        int[] compartments = new int[length];
        int[] weights = new int[length];
        for (int k = 0; k < length; k++) {
            compartments[k] = k;
            weights[k] = byteEdge(r) << shift;
        }
        // one value a step past either end of a byte (odd, so the common power of two stays)
        weights[r.nextInt(length)] = tooWide ? (r.nextBoolean() ? 129 : -129) << shift : 1 << shift;
        short[] memory = new short[4 + 2 * length];
        int shorts = SynapseBlock.write(compartments, weights, memory, 0);

        boolean bytes = (memory[1] & NetworkLayout.BYTE_WEIGHTS) != 0;
        assertEquals(!tooWide, bytes);
        assertEquals(shorts, NetworkLayout.blockShorts(memory, 0));
        assertEquals(NetworkLayout.DENSE_HEADER + (bytes ? (length + 1) / 2 : length), shorts);
        assertEquals(shift, NetworkLayout.shift(memory[1]));
        for (int k = 0; k < length; k++) {
            int word = memory[NetworkLayout.DENSE_HEADER + (bytes ? k / 2 : k)];
            int value = bytes ? (byte) (word >> 8 * (k % 2)) : word;
            assertEquals(weights[k], value << shift, "synapse " + k);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldStepByteBlocksAsTheReferenceDoes(long seed) {
        RawNetwork raw = mixed(seed);
        NetworkLayout layout = RawLoader.load(raw, "test");
        int[] forms = forms(layout);
        assertTrue(forms[0] > 0 && forms[1] > 0, () -> "byte and short dense blocks both present: " + forms[0] + ", "
                + forms[1]);
        Trace reference = ReferenceStepper.run(raw);
        LoadedNetwork network = LoadedNetwork.of(raw);
        for (int threads = 1; threads <= 2; threads++) {
            Trace trace = network.newEmulator(threads).runTrace(raw.steps(), Emulator.schedule(raw));
            assertEquals(Optional.empty(), TraceComparison.firstDifference(reference, trace), "threads=" + threads);
        }
    }

    /**
     * A recurrent network whose synapses are byte-sized (values at -128 and 127 often, some scaled
     * by a power of two), wider (up to 255, which stays in shorts) or sparse, host axons included.
     */
    private static RawNetwork mixed(long seed) {
        Random r = new Random(seed);
        int steps = 40 + r.nextInt(40);
        int blockCount = 2 + r.nextInt(4);
        List<RawBlock> blocks = new ArrayList<>();
        for (int b = 0; b < blockCount; b++) {
            blocks.add(RandomRawNetworks.block(r, "B" + b, false, 16 + r.nextInt(240), new int[] {23, 7}));
        }
        int axons = 1 + r.nextInt(20);
        RawInput in = RandomRawNetworks.input(r, "in", axons, steps);
        List<RawSynapse> synapses = new ArrayList<>();
        int kind = 0;
        for (int b = 0; b < blockCount; b++) {
            RawBlock post = blocks.get(b);
            for (int from : new TreeSet<>(List.of(b, (b + 1) % blockCount))) {
                RawBlock pre = blocks.get(from);
                synapses.add(new RawSynapse(pre.name(), post.name(), weights(r, kind++ % 3, pre.n(), post.n()),
                        -3 + r.nextInt(5)));
            }
            synapses.add(new RawSynapse("in", post.name(), weights(r, b % 3, axons, post.n()),
                    r.nextInt(3)));
        }
        return new RawNetwork(steps, blocks, List.of(in), synapses);
    }

    /** Kind 0 byte values, 1 even values up to 254 (a byte above the shift), 2 wider ones; 0 and 1 sparse at times. */
    private static int[][] weights(Random r, int kind, int rows, int cols) {
        // wide values stay dense, so that every network has short dense blocks beside the byte ones
        boolean sparse = kind != 2 && r.nextInt(4) == 0;
        int[][] w = new int[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (sparse && r.nextInt(3) != 0) {
                    continue;
                }
                w[i][j] = switch (kind) {
                    case 0 -> byteEdge(r);
                    case 1 -> 2 * byteEdge(r);
                    default -> r.nextBoolean() ? 255 - r.nextInt(4) : -256 + r.nextInt(512);
                };
            }
        }
        return w;
    }

    /** A signed byte, its ends often. */
    private static int byteEdge(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> -128;
            case 1 -> 127;
            default -> r.nextInt(256) - 128;
        };
    }

    /** Counts of the dense blocks the routes reach: {bytes, shorts}. */
    private static int[] forms(NetworkLayout layout) {
        short[] mem = layout.synapseMemory();
        int[] counts = new int[2];
        int[] pairs = layout.routeTargets();
        for (int k = 1; k < pairs.length; k += 2) {
            int info = mem[pairs[k] + 1];
            if ((info & 1) != 0 && mem[pairs[k]] > 1) {
                counts[(info & NetworkLayout.BYTE_WEIGHTS) != 0 ? 0 : 1]++;
            }
        }
        return counts;
    }
}
