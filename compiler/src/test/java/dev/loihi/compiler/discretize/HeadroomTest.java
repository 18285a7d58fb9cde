package dev.loihi.compiler.discretize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.CompilerErrors;
import dev.loihi.compiler.TestNetworks;
import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.Input;
import dev.loihi.compiler.net.InputEncoding;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.compiler.report.Diagnostics;
import dev.loihi.image.ImageWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** A SUBTRACTIVE_RELU block's u sized for a share of its worst case ({@link Headroom}). */
class HeadroomTest {
    private static final int STEPS = 200;
    private static final int AXONS = 40;

    /** A wide layer whose scale u's bound sets, in an image that records presentations of 200 steps. */
    private static Network layer(long seed) {
        return layer(seed, 0.2);
    }

    private static Network layer(long seed, double biasSpread) {
        Random random = new Random(seed);
        double[][] w = TestNetworks.gaussian(random, AXONS, 6);
        double[] bias = new double[6];
        Arrays.setAll(bias, j -> biasSpread * random.nextGaussian());
        Network bare = TestNetworks.single(NeuronType.SUBTRACTIVE_RELU, w, bias, 0);
        return new Network(bare.name(), bare.inputs(), bare.ensembles(), bare.connections(), bare.outputs(),
                new InputEncoding(InputEncoding.Kind.ON_OFF_RATE, AXONS / 2, 1.0, "linear"));
    }

    private static DiscreteNetwork discretize(Network network, Map<String, Headroom> headroom) {
        return new Discretizer(new Diagnostics(), 0, STEPS, headroom).discretize(network);
    }

    /**
     * At the leak held, the largest scale grows by the factor; the one taken is within a factor of
     * two of it either way (the search fills the weights' mantissas at a scale down to half the
     * largest), the weights lose less to rounding at some factor, and the binding limit says the bound is a share
     * of the worst case.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void shouldGrowTheScaleByTheFactorAtTheLeakHeld(long seed) {
        Network network = layer(seed);
        String name = network.ensembles().get(0).name();
        DiscreteNetwork worst = discretize(network, Map.of());
        DiscreteBlock w = worst.blocks().get(0);
        assertTrue(worst.precision().get(0).bindingLimit().startsWith(Headroom.CURRENT_U),
                worst.precision().get(0).bindingLimit());
        double error = worst.precision().get(0).weightRmsError();
        double finest = error;
        for (int factor = 2; factor <= Headroom.MAX_FACTOR; factor *= 2) {
            DiscreteNetwork sized = discretize(network, Map.of(name, new Headroom(w.decayU(), factor)));
            DiscreteBlock b = sized.blocks().get(0);
            LayerPrecision p = sized.precision().get(0);
            assertEquals(w.decayU(), b.decayU(), "the leak is held");
            assertTrue(b.scale() >= w.scale() * factor / 2 && b.scale() <= 2 * w.scale() * factor,
                    "factor " + factor + ": scale " + w.scale() + " -> " + b.scale());
            finest = Math.min(finest, p.weightRmsError());
            if (p.bindingLimit().startsWith(Headroom.CURRENT_U)) {
                assertTrue(p.bindingLimit().contains("1/" + factor + " of the worst case"), p.bindingLimit());
            }
        }
        // not at every factor: a mantissa filled at a power of two can round a little worse
        assertTrue(finest < error, "weight RMS error " + error + " -> " + finest);
    }

    /**
     * What the factor gives up: under the worst case, only the axons that excite a neuron, every
     * step, some neuron's u wraps within the presentation, where the worst-case image never does.
     * An input that takes the worst-case image's u to less than 1 / factor of its range wraps none.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void shouldWrapOnlyPastWhatItWasSizedFor(long seed) {
        // no bias: a bias alone takes u a long way over 200 steps
        Network network = layer(seed, 0);
        String name = network.ensembles().get(0).name();
        DiscreteNetwork worst = discretize(network, Map.of());
        DiscreteNetwork sized = discretize(network, Map.of(name,
                new Headroom(worst.blocks().get(0).decayU(), Headroom.MAX_FACTOR)));
        double[][] w = network.connections().get(0).synapses().dense();
        long worstWraps = 0;
        long sizedWraps = 0;
        for (int j = 0; j < w[0].length; j++) {
            boolean[][] excite = {new boolean[AXONS]};
            for (int i = 0; i < AXONS; i++) {
                excite[0][i] = w[i][j] > 0;
            }
            worstWraps += run(worst, t -> excite);
            sizedWraps += run(sized, t -> excite);
        }
        assertEquals(0, worstWraps);
        assertTrue(sizedWraps > 0, "the worst case wraps a neuron sized for 1/" + Headroom.MAX_FACTOR + " of it");
        boolean[][][] sparse = new boolean[STEPS][1][AXONS];
        Random random = new Random(seed);
        for (boolean[][] step : sparse) {
            for (int i = 0; i < AXONS; i++) {
                step[0][i] = random.nextDouble() < 0.01;
            }
        }
        ChipModel measured = new ChipModel(worst);
        for (boolean[][] step : sparse) {
            measured.step(step);
        }
        assertTrue(measured.largestU() * Headroom.MAX_FACTOR < ScaleSearch.U_MAX / 2,
                "the sparse input stays inside the margin: " + measured.largestU());
        assertEquals(0, run(sized, t -> sparse[t]));
    }

    private interface Spikes {
        boolean[][] at(int step);
    }

    private static long run(DiscreteNetwork d, Spikes input) {
        ChipModel chip = new ChipModel(d);
        for (int t = 0; t < STEPS; t++) {
            chip.step(input.at(t));
        }
        return chip.wraps();
    }

    /** A factor of 1 at the leak the balance chose is the image without any: the same bytes. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void shouldGiveTheSameBytesAtFactorOne(long seed) {
        Network network = layer(seed);
        String name = network.ensembles().get(0).name();
        CompileOptions options = CompileOptions.builder().maxSteps(STEPS).build();
        int decayU = discretize(network, Map.of()).blocks().get(0).decayU();
        byte[] plain = ImageWriter.write(Compiler.compile(network, options).image());
        assertArrayEquals(plain, ImageWriter.write(Compiler.compile(network,
                options.withHeadroom(Map.of(name, new Headroom(decayU, 1)))).image()));
        assertFalse(Arrays.equals(plain, ImageWriter.write(Compiler.compile(network,
                options.withHeadroom(Map.of(name, new Headroom(decayU, 4)))).image())));
    }

    /**
     * Only a SUBTRACTIVE_RELU block whose weights are rounded takes a factor: an entry naming a
     * readout, or a block whose quantized weights are kept exactly, changes nothing.
     */
    @Test
    void shouldIgnoreBlocksThatTakeNoFactor() {
        Random random = new Random(7);
        double[][] w = TestNetworks.gaussian(random, AXONS, 6);
        double[][] out = TestNetworks.gaussian(random, 6, 2);
        double[][] grid = new double[AXONS][6];
        for (int i = 0; i < AXONS; i++) {
            for (int j = 0; j < 6; j++) {
                grid[i][j] = Math.round(w[i][j] * 4) / 4.0;
            }
        }
        for (boolean quantized : new boolean[] {false, true}) {
            Network network = new Network("n", List.of(new Input("in", AXONS)),
                    List.of(new Ensemble("h", 6, NeuronType.SUBTRACTIVE_RELU, 0, 0, new double[6]),
                            new Ensemble("out", 2, NeuronType.READOUT, 0, 0, new double[2])),
                    List.of(new Connection("in", "h", grid, 0, quantized), new Connection("h", "out", out, 0)),
                    List.of("out"), new InputEncoding(InputEncoding.Kind.ON_OFF_RATE, AXONS / 2, 1.0, "linear"));
            CompileOptions options = CompileOptions.builder().maxSteps(STEPS).build();
            byte[] plain = ImageWriter.write(Compiler.compile(network, options).image());
            int decayU = discretize(network, Map.of()).blocks().get(0).decayU();
            assertArrayEquals(plain, ImageWriter.write(Compiler.compile(network,
                    options.withHeadroom(Map.of("out", new Headroom(0, 8)))).image()), "a readout");
            byte[] hidden = ImageWriter.write(Compiler.compile(network,
                    options.withHeadroom(Map.of("h", new Headroom(decayU, 8)))).image());
            assertEquals(quantized, Arrays.equals(plain, hidden), quantized ? "kept exactly" : "rounded");
        }
    }

    @Test
    void shouldRefuseAFactorOrLeakTheChipCannotTake() {
        for (int factor : new int[] {0, 3, 16}) {
            LoihiException e = assertThrows(LoihiException.class, () -> new Headroom(0, factor));
            assertEquals(CompilerErrors.OPTIONS_INVALID, e.code());
            assertTrue(e.getMessage().contains("key=headroom.factor"), e.getMessage());
        }
        LoihiException leak = assertThrows(LoihiException.class, () -> new Headroom(IntegratorLeak.MAX_DECAY_U + 1, 2));
        assertTrue(leak.getMessage().contains("key=headroom.decayU"), leak.getMessage());
        CompileOptions worstCase = CompileOptions.builder().worstCase(true).build();
        LoihiException conflict = assertThrows(LoihiException.class,
                () -> worstCase.withHeadroom(Map.of("e", new Headroom(0, 2))));
        assertEquals(CompilerErrors.OPTIONS_INVALID, conflict.code());
    }
}
