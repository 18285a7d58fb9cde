package dev.loihi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.discretize.DiscreteBlock;
import dev.loihi.compiler.discretize.DiscreteConnection;
import dev.loihi.compiler.discretize.DiscreteNetwork;
import dev.loihi.compiler.discretize.PopulationSynapses;
import dev.loihi.compiler.net.Input;
import dev.loihi.compiler.net.InputEncoding;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.compiler.pack.PackedCores;
import dev.loihi.compiler.pack.Packer;
import dev.loihi.compiler.partition.Partition;
import dev.loihi.compiler.partition.Partitioner;
import dev.loihi.compiler.partition.Placer;
import dev.loihi.emulator.Emulator;
import dev.loihi.emulator.RawExporter;
import dev.loihi.emulator.RawNetwork;
import dev.loihi.emulator.ReferenceStepper;
import dev.loihi.emulator.Trace;
import dev.loihi.emulator.TraceComparison;
import dev.loihi.image.CoreImage;
import dev.loihi.image.Image;
import dev.loihi.image.ImageReader;
import dev.loihi.image.ImageStats;
import dev.loihi.image.ImageWriter;
import dev.loihi.image.InputAxon;
import dev.loihi.image.SignMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A conv layer carried as a shared-weight connection ({@link PopulationSynapses}) through the
 * compiler's partition, place and pack passes, the image file and the emulator, against the
 * same layer as discrete axons (the kernel's dense expansion): the same trace step for step,
 * also on the reference stepper after export-raw, with the post layer cut over several cores
 * (lists cut at core edges, chip bases past 255) and less synapse memory.
 */
class PopulationPipelineTest {

    static Stream<Arguments> cases() {
        return LongStream.range(0, 6).boxed().flatMap(seed -> Stream.of(Arguments.of(seed, 16), Arguments.of(seed, 32)));
    }

    @ParameterizedTest(name = "seed {0}, pop{1}")
    @MethodSource("cases")
    void shouldRunAsTheDenseExpansionDoes(long seed, int popType) {
        Random r = new Random(seed);
        Conv conv = Conv.random(r, popType);
        Image pop = compile(conv.network(true));
        Image dense = compile(conv.network(false));
        assertTrue(pop.cores().stream().anyMatch(c -> !c.weightLists().isEmpty()), "no weight lists");
        assertTrue(pop.cores().stream().filter(c -> c.layer().equals("B")).count() > 1, "B on one core");
        assertTrue(pop.cores().stream().flatMap(c -> c.inputAxons().stream()).anyMatch(a -> a.base() > 0));
        long popAxons = pop.cores().stream().flatMap(c -> c.inputAxons().stream()).filter(InputAxon::isPopulation).count();
        long popLists = pop.cores().stream().mapToLong(c -> c.weightLists().size()).sum();
        assertTrue(popLists < popAxons, "lists are shared: lists=" + popLists + ", axons=" + popAxons);
        assertTrue(bits(pop) < bits(dense), "population bits " + bits(pop) + " vs dense " + bits(dense));

        Map<String, int[][]> spikes = Map.of("in", conv.inputSpikes(r));
        Trace expected = Emulator.runImage(dense, spikes, conv.steps);
        Trace actual = Emulator.runImage(pop, spikes, conv.steps);
        // the two may cut B differently (the dense expansion needs more synapse memory): compare by layer
        assertEquals(Optional.empty(), TraceComparison.firstDifference(expected.byLayer(), actual.byLayer()));
        assertTrue(Stream.of(actual.byLayer().blocks().get("B").spikeTimes()).mapToInt(t -> t.length).sum() > 0,
                "B never spiked");
        RawNetwork exported = RawExporter.export(pop, spikes, conv.steps);
        assertEquals(Optional.empty(), TraceComparison.firstDifference(actual, ReferenceStepper.run(exported)));
    }

    private static long bits(Image image) {
        return ImageStats.perCore(image).stream().mapToLong(ImageStats.CoreStats::synapseBits).sum();
    }

    /** Partition, place, pack, write and read back. */
    private static Image compile(DiscreteNetwork network) {
        Partition partition = new Partitioner().partition(network);
        var placement = new Placer(1).place(network, partition);
        PackedCores packed = new Packer().pack(network, partition, placement);
        Image image = packed.toImage("{}");
        return ImageReader.read(ImageWriter.write(image), "test");
    }

    /** A 2-D conv, stride 1, same or valid padding, channels last, from block A onto block B. */
    private record Conv(int h, int w, int cIn, int cOut, int k, boolean same, int popType, int steps,
                        int[][][][] kernel, int exp) {
        static Conv random(Random r, int popType) {
            int k = 2 + r.nextInt(2);
            int[][][][] kernel = new int[k][k][][];
            int cIn = 1 + r.nextInt(3);
            int cOut = 13 + r.nextInt(4);
            for (int[][][] row : kernel) {
                for (int x = 0; x < k; x++) {
                    row[x] = new int[cIn][cOut];
                    for (int[] c : row[x]) {
                        for (int f = 0; f < cOut; f++) {
                            // MIXED sign: even mantissas only
                            c[f] = r.nextInt(6) == 0 ? 0 : 2 * (-128 + r.nextInt(256));
                        }
                    }
                }
            }
            return new Conv(11 + r.nextInt(3), 11 + r.nextInt(3), cIn, cOut, k, r.nextBoolean(), popType,
                    25 + r.nextInt(20), kernel, -1 + r.nextInt(3));
        }

        int outH() {
            return same ? h : h - k + 1;
        }

        int outW() {
            return same ? w : w - k + 1;
        }

        int nA() {
            return h * w * cIn;
        }

        int nB() {
            return outH() * outW() * cOut;
        }

        /** Per input position: base = first output compartment reached; one list per distinct pattern. */
        PopulationSynapses population() {
            int pad = same ? (k - 1) / 2 : 0;
            int[] base = new int[h * w];
            int[] listOf = new int[h * w];
            Map<String, Integer> ids = new LinkedHashMap<>();
            List<PopulationSynapses.WeightList> lists = new ArrayList<>();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    List<int[]>[] rows = reach(y, x, pad);
                    int first = Stream.of(rows).flatMap(List::stream).mapToInt(e -> e[0]).min().orElse(-1);
                    int p = y * w + x;
                    base[p] = first;
                    int[][] idx = new int[cIn][];
                    int[][] mants = new int[cIn][];
                    for (int c = 0; c < cIn; c++) {
                        idx[c] = rows[c].stream().mapToInt(e -> e[0] - Math.max(first, 0)).toArray();
                        mants[c] = rows[c].stream().mapToInt(e -> e[1]).toArray();
                    }
                    String key = Arrays.deepToString(idx) + Arrays.deepToString(mants);
                    listOf[p] = ids.computeIfAbsent(key, kk -> {
                        lists.add(new PopulationSynapses.WeightList(idx, mants));
                        return lists.size() - 1;
                    });
                }
            }
            int[] axonOf = new int[nA()];
            int[] atomOf = new int[nA()];
            for (int i = 0; i < nA(); i++) {
                axonOf[i] = i / cIn;
                atomOf[i] = i % cIn;
            }
            return new PopulationSynapses(popType, axonOf, atomOf, base, listOf, lists);
        }

        @SuppressWarnings("unchecked")
        private List<int[]>[] reach(int y, int x, int pad) {
            List<int[]>[] rows = new List[cIn];
            for (int c = 0; c < cIn; c++) {
                rows[c] = new ArrayList<>();
            }
            for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++) {
                    int oy = y + pad - ky;
                    int ox = x + pad - kx;
                    if (oy < 0 || oy >= outH() || ox < 0 || ox >= outW()) {
                        continue;
                    }
                    for (int c = 0; c < cIn; c++) {
                        for (int f = 0; f < cOut; f++) {
                            if (kernel[ky][kx][c][f] != 0) {
                                rows[c].add(new int[] {(oy * outW() + ox) * cOut + f, kernel[ky][kx][c][f]});
                            }
                        }
                    }
                }
            }
            return rows;
        }

        DiscreteNetwork network(boolean shared) {
            int nA = nA();
            int nB = nB();
            DiscreteBlock a = block("A", nA, 40);
            DiscreteBlock b = block("B", nB, 300);
            int[] identity = new int[nA * nA];
            for (int i = 0; i < nA; i++) {
                identity[i * nA + i] = 200;
            }
            DiscreteConnection in = new DiscreteConnection("in", "A", 0, -1, 0, nA, nA, SignMode.EXCITATORY, 0,
                    identity, 0);
            PopulationSynapses p = population();
            DiscreteConnection conv = shared
                    ? DiscreteConnection.population("A", "B", 0, 1, nA, nB, SignMode.MIXED, exp, p, 1)
                    : new DiscreteConnection("A", "B", -1, 0, 1, nA, nB, SignMode.MIXED, exp, p.expand(nB), 1);
            return new DiscreteNetwork("conv", List.of(new Input("in", nA)), List.of(a, b), List.of(in, conv),
                    List.of("B"), new InputEncoding(InputEncoding.Kind.NONE, nA, 1.0, "linear"), List.of());
        }

        private static DiscreteBlock block(String name, int n, int vthMant) {
            return new DiscreteBlock(name, NeuronType.SPIKING_RELU, n, vthMant * 64.0, vthMant, 4095, 0, 1, 0, 7,
                    new int[n], new int[n]);
        }

        int[][] inputSpikes(Random r) {
            int[][] times = new int[nA()][];
            for (int a = 0; a < times.length; a++) {
                List<Integer> t = new ArrayList<>();
                for (int s = 1; s <= steps; s++) {
                    if (r.nextInt(3) == 0) {
                        t.add(s);
                    }
                }
                times[a] = t.stream().mapToInt(Integer::intValue).toArray();
            }
            return times;
        }
    }
}
