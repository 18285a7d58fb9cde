package dev.loihi.compiler.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.discretize.DiscreteBlock;
import dev.loihi.compiler.discretize.DiscreteConnection;
import dev.loihi.compiler.discretize.DiscreteNetwork;
import dev.loihi.compiler.discretize.PopulationSynapses;
import dev.loihi.compiler.net.Input;
import dev.loihi.compiler.net.InputEncoding;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.image.ChipLimits;
import dev.loihi.image.SignMode;
import dev.loihi.image.SynapseMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chip form of a shared-weight connection on one core: every synapse of the range and no
 * other, bases the chip takes, interior positions sharing lists, and the partitioner charging
 * each distinct list once.
 */
class PopulationShareTest {
    private static final int SPARSE = 18;
    private static final int DENSE = 8;

    /** A 1-D conv, channels last: position x, channel c is pre neuron x * cIn + c; B has outW * cOut compartments. */
    static PopulationSynapses conv1d(Random r, int w, int cIn, int cOut, int k, int popType) {
        int outW = w - k + 1;
        int[][][] kernel = new int[k][cIn][cOut];
        for (int[][] a : kernel) {
            for (int[] b : a) {
                for (int f = 0; f < cOut; f++) {
                    b[f] = 2 * (r.nextInt(255) - 127);
                }
            }
        }
        List<PopulationSynapses.WeightList> lists = new ArrayList<>();
        int[] base = new int[w];
        int[] listOf = new int[w];
        java.util.Map<String, Integer> ids = new java.util.HashMap<>();
        for (int x = 0; x < w; x++) {
            int first = Integer.MAX_VALUE;
            List<int[]>[] rows = reach(kernel, x, outW, cIn, cOut);
            for (List<int[]> row : rows) {
                for (int[] e : row) {
                    first = Math.min(first, e[0]);
                }
            }
            int b = first;
            base[x] = b;
            int[][] idx = new int[cIn][];
            int[][] mants = new int[cIn][];
            for (int c = 0; c < cIn; c++) {
                idx[c] = rows[c].stream().mapToInt(e -> e[0] - b).toArray();
                mants[c] = rows[c].stream().mapToInt(e -> e[1]).toArray();
            }
            String key = java.util.Arrays.deepToString(idx) + java.util.Arrays.deepToString(mants);
            listOf[x] = ids.computeIfAbsent(key, kk -> {
                lists.add(new PopulationSynapses.WeightList(idx, mants));
                return lists.size() - 1;
            });
        }
        int[] axonOf = new int[w * cIn];
        int[] atomOf = new int[w * cIn];
        for (int i = 0; i < axonOf.length; i++) {
            axonOf[i] = i / cIn;
            atomOf[i] = i % cIn;
        }
        return new PopulationSynapses(popType, axonOf, atomOf, base, listOf, lists);
    }

    @SuppressWarnings("unchecked")
    private static List<int[]>[] reach(int[][][] kernel, int x, int outW, int cIn, int cOut) {
        List<int[]>[] rows = new List[cIn];
        for (int c = 0; c < cIn; c++) {
            rows[c] = new ArrayList<>();
        }
        for (int kx = 0; kx < kernel.length; kx++) {
            int ox = x - kx;
            if (ox < 0 || ox >= outW) {
                continue;
            }
            for (int c = 0; c < cIn; c++) {
                for (int f = 0; f < cOut; f++) {
                    rows[c].add(new int[] {ox * cOut + f, kernel[kx][c][f]});
                }
            }
        }
        return rows;
    }

    static Stream<Arguments> seeds() {
        return LongStream.range(0, 20).boxed().flatMap(s -> Stream.of(Arguments.of(s, 16), Arguments.of(s, 32)));
    }

    @ParameterizedTest(name = "seed {0}, pop{1}")
    @MethodSource("seeds")
    void shouldHoldExactlyTheSynapsesOfItsRangeInChipForm(long seed, int popType) {
        Random r = new Random(seed);
        int cIn = 1 + r.nextInt(4);
        int cOut = 1 + r.nextInt(20);
        int w = 20 + r.nextInt(200);
        int k = 1 + r.nextInt(5);
        PopulationSynapses p = conv1d(r, w, cIn, cOut, k, popType);
        int nPost = (w - k + 1) * cOut;
        int[] dense = p.expand(nPost);
        int from = r.nextInt(nPost / 2);
        int to = Math.min(nPost, from + 1 + r.nextInt(ChipLimits.COMPARTMENTS_PER_CORE));
        PopulationShare share = PopulationShare.of(p, from, to, DENSE, SPARSE);
        int[] rebuilt = new int[dense.length];
        for (int x = 0; x < share.axons(); x++) {
            int base = share.base()[x];
            assertTrue(base >= 0 && base <= ChipLimits.POP_BASE_MAX, "base " + base);
            assertTrue(popType == 32 || base % ChipLimits.POP16_BASE_STEP == 0, "pop16 base " + base);
            int[][][] rows = share.rows(share.list()[x], false);
            for (int i = 0; i < p.preNeurons(); i++) {
                if (p.axonOf()[i] != share.preAxons()[x]) {
                    continue;
                }
                int[] idx = rows[0][p.atomOf()[i]];
                int[] mants = rows[1][p.atomOf()[i]];
                for (int j = 0; j < idx.length; j++) {
                    int post = from + base + idx[j];
                    assertTrue(post >= from && post < to, "synapse outside the range: " + post);
                    rebuilt[i * nPost + post] += mants[j];
                }
            }
        }
        for (int i = 0; i < p.preNeurons(); i++) {
            for (int j = from; j < to; j++) {
                assertEquals(dense[i * nPost + j], rebuilt[i * nPost + j], "pre " + i + ", post " + j);
            }
        }
    }

    /**
     * A list with a gap (as a unit's copies leave between their compartments) may span a core's
     * range and reach none of it: no axon there, not an empty list at base 255, which no core of
     * fewer than 256 compartments can hold.
     */
    @ParameterizedTest
    @ValueSource(ints = {PopulationSynapses.POP16, PopulationSynapses.POP32})
    void shouldGiveNoAxonToACoreInTheGapOfAList(int popType) {
        PopulationSynapses.WeightList gapped = new PopulationSynapses.WeightList(new int[][] {{0, 300}},
                new int[][] {{10, -20}});
        PopulationSynapses p = new PopulationSynapses(popType, new int[] {0}, new int[] {0}, new int[] {0},
                new int[] {0}, List.of(gapped));
        PopulationShare inGap = PopulationShare.of(p, 100, 200, DENSE, SPARSE);
        assertEquals(0, inGap.axons());
        assertEquals(0, inGap.lists());
        assertEquals(0, inGap.sparseBits());
        PopulationShare reached = PopulationShare.of(p, 200, 400, DENSE, SPARSE);
        assertEquals(1, reached.axons());
        assertEquals(100, reached.base()[0] + reached.rows(0, false)[0][0][0], "compartment 300 of the block");
    }

    @Test
    void shouldShareOneListAmongInteriorPositions() {
        // 100 positions, 3 taps, 4 filters: outputs 0..391, all on one core with chip bases below 256
        PopulationSynapses p = conv1d(new Random(1), 100, 2, 4, 3, 32);
        PopulationShare share = PopulationShare.of(p, 0, 98 * 4, DENSE, SPARSE);
        assertEquals(100, share.axons());
        // interior positions: one list per 256 compartments of offset; the 2 edge patterns at each end
        assertTrue(share.lists() <= 2 + 4, "lists=" + share.lists());
        long oneList = 2 * SynapseMemory.axonBits(3 * 4, SPARSE);
        assertTrue(share.sparseBits() <= share.lists() * oneList, "bits=" + share.sparseBits());
    }

    @Test
    void shouldFitOnOneCoreWhatTheDenseExpansionCannot() {
        // 1000 positions x 8 channels, 5 taps, 1 filter: 8000 discrete axons (over 4096), 1000 population axons
        PopulationSynapses p = conv1d(new Random(2), 1000, 8, 1, 5, 16);
        int nPre = 1000 * 8;
        int nPost = 996;
        DiscreteBlock a = block("A", nPre);
        DiscreteBlock b = block("B", nPost);
        DiscreteConnection shared = DiscreteConnection.population("A", "B", 0, 1, nPre, nPost, SignMode.MIXED, 0, p, 0);
        DiscreteConnection expanded = new DiscreteConnection("A", "B", -1, 0, 1, nPre, nPost, SignMode.MIXED, 0,
                p.expand(nPost), 0);
        int sharedCores = new Partitioner().partition(network(a, b, shared)).blocks().get(1).cores();
        BlockSplit denseSplit = new Partitioner().partition(network(a, b, expanded)).blocks().get(1);
        assertEquals(1, sharedCores);
        assertTrue(denseSplit.cores() > 1, "dense cores=" + denseSplit.cores());
    }

    private static DiscreteNetwork network(DiscreteBlock a, DiscreteBlock b, DiscreteConnection conv) {
        return new DiscreteNetwork("conv", List.of(new Input("in", 1)), List.of(a, b), List.of(conv), List.of("B"),
                new InputEncoding(InputEncoding.Kind.NONE, 1, 1.0, "linear"), List.of());
    }

    private static DiscreteBlock block(String name, int n) {
        return new DiscreteBlock(name, NeuronType.SPIKING_RELU, n, 64.0, 1, 4095, 0, 1, 0, 7, new int[n], new int[n]);
    }
}
