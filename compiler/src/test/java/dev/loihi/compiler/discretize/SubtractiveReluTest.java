package dev.loihi.compiler.discretize;

import dev.loihi.compiler.CompilerErrors;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.TestNetworks;
import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.Input;
import dev.loihi.compiler.net.InputEncoding;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.compiler.report.Diagnostics;
import dev.loihi.image.ChipLimits;
import dev.loihi.image.SignMode;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The integers of SUBTRACTIVE_RELU blocks, and what they do over time ({@link ChipModel}). */
class SubtractiveReluTest {
    private final Diagnostics diagnostics = new Diagnostics();

    private DiscreteNetwork discretize(Network network) {
        NetworkChecker.check(network);
        return new Discretizer(diagnostics).discretize(network);
    }

    /** One input axon spiking every step into one neuron through {@code weight}. */
    private static Network oneNeuron(double weight, double bias, double[] start) {
        Ensemble e = new Ensemble("e", 1, NeuronType.SUBTRACTIVE_RELU, 0, 0, new double[] {bias}, start);
        return new Network("one", List.of(new Input("in", 1)), List.of(e),
                List.of(new Connection("in", "e", new double[][] {{weight}}, 0)), List.of("e"), null);
    }

    /** Spikes of block 0, neuron 0 over {@code steps} steps with input axon 0 spiking whenever {@code on}. */
    private static int count(DiscreteNetwork d, int steps, boolean on) {
        ChipModel chip = new ChipModel(d);
        boolean[][] input = {{on}};
        int count = 0;
        for (int t = 0; t < steps; t++) {
            // The host's spikes of steps 0 .. steps - 2 arrive within the run.
            count += chip.step(t == 0 ? new boolean[][] {{false}} : input)[0][0] ? 1 : 0;
        }
        assertEquals(0, chip.wraps());
        return count;
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.05, 0.3, 0.5, 0.71, 0.95})
    void shouldFireTheRoundedDriveNumberOfTimes(double drive) {
        int steps = 401;
        int count = count(discretize(oneNeuron(drive, 0, null)), steps, true);
        // 400 input spikes arrive; reset by subtraction keeps every bit of charge.
        assertEquals(Math.round(drive * (steps - 1)), count, 1.0, "drive " + drive);
    }

    @Test
    void shouldLoseChargeAtEverySpikeWithResetToZero() {
        Ensemble e = new Ensemble("e", 1, NeuronType.SPIKING_RELU, 0, 0, new double[1]);
        Network n = new Network("one", List.of(new Input("in", 1)), List.of(e),
                List.of(new Connection("in", "e", new double[][] {{0.3}}, 0)), List.of("e"), null);
        // v needs four steps of 0.3 to pass 1, and the 0.2 beyond it is dropped: 1/4 instead of 0.3.
        assertEquals(100, count(discretize(n), 401, true), 1.0);
    }

    @Test
    void shouldSumTheBiasDeliveredByTheAlwaysOnSource() {
        DiscreteNetwork d = discretize(oneNeuron(0.4, 0.2, null));
        // No input: only the bias, which arrives from step 1 on.
        assertEquals(Math.round(0.2 * 400), count(d, 401, false), 1.0);
        // With input: both.
        assertEquals(Math.round(0.6 * 400), count(d, 401, true), 1.0);
    }

    @Test
    void shouldStaySilentWhenTheBiasIsNegative() {
        assertEquals(0, count(discretize(oneNeuron(0.1, -0.15, null)), 2000, true));
    }

    @Test
    void shouldRoundAtStaggeredPointsForStaggeredStarts() {
        // 0.3 x 5 = 1.5: a sum started at 1/4 fires once (1.75), one started at 3/4 twice (2.25).
        assertEquals(1, count(discretize(oneNeuron(0.3, 0, new double[] {0.25})), 6, true));
        assertEquals(2, count(discretize(oneNeuron(0.3, 0, new double[] {0.75})), 6, true));
    }

    /**
     * 30 axons into 8 SUBTRACTIVE_RELU neurons, seeded, each with one weight 8 times the others:
     * its axons can drive a neuron far below zero or far past one spike a step.
     */
    private record Strong(double[][] w, double[] bias) {
        static Strong of(long seed) {
            Random random = new Random(seed);
            double[][] w = TestNetworks.gaussian(random, 30, 8);
            double[] bias = new double[8];
            for (int j = 0; j < 8; j++) {
                bias[j] = 0.3 * random.nextGaussian();
                w[random.nextInt(30)][j] *= 8;
            }
            return new Strong(w, bias);
        }

        Network network() {
            return TestNetworks.single(NeuronType.SUBTRACTIVE_RELU, w, bias, 0);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void shouldNeverWrapUnderTheWorstCaseInput(long seed) {
        Strong layer = Strong.of(seed);
        double[][] w = layer.w();
        DiscreteNetwork d = discretize(layer.network());
        // Every axon at once every step drives some neurons far below zero and others past one spike a step.
        ChipModel chip = new ChipModel(d);
        boolean[][] all = {new boolean[30]};
        Arrays.fill(all[0], true);
        for (int t = 0; t < 20_000; t++) {
            chip.step(all);
        }
        assertEquals(0, chip.wraps());
        assertTrue(chip.largestU() < 1L << ChipLimits.U_BITS);
        // Neuron 0 alone at its most negative: only the axons that inhibit it.
        ChipModel inhibited = new ChipModel(d);
        boolean[][] negative = {new boolean[30]};
        for (int i = 0; i < 30; i++) {
            negative[0][i] = w[i][0] < 0;
        }
        for (int t = 0; t < 20_000; t++) {
            inhibited.step(negative);
        }
        assertEquals(0, inhibited.wraps());
    }

    /**
     * Sized for presentations of 200 steps, no neuron wraps within them under its worst inputs
     * (only the axons that excite it, or only those that inhibit it, every step from a reset),
     * and the bound is a real one: a presentation 100 times longer wraps one where the leak's
     * own bound is far beyond 200 steps. The image records the bound; without an encoding to
     * record it in, nothing is bounded.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void shouldNeverWrapWithinItsPresentationBound(long seed) {
        Strong layer = Strong.of(seed);
        double[][] w = layer.w();
        Network bare = layer.network();
        Network network = new Network(bare.name(), bare.inputs(), bare.ensembles(), bare.connections(), bare.outputs(),
                new InputEncoding(InputEncoding.Kind.ON_OFF_RATE, 15, 1.0, "linear"));
        NetworkChecker.check(network);
        DiscreteNetwork any = new Discretizer(diagnostics).discretize(network);
        DiscreteNetwork bounded = new Discretizer(diagnostics, 0, 200).discretize(network);
        assertEquals(200, bounded.encoding().maxSteps());
        DiscreteBlock unrecorded = new Discretizer(diagnostics, 0, 200).discretize(bare).blocks().get(0);
        DiscreteBlock anyBare = new Discretizer(diagnostics).discretize(bare).blocks().get(0);
        assertEquals(List.of(anyBare.scale(), anyBare.decayU()), List.of(unrecorded.scale(), unrecorded.decayU()),
                "no encoding to record the bound in: sized for any length");
        // The bound buys range: a larger scale (finer weights) or a weaker leak, never less of either.
        DiscreteBlock a = any.blocks().get(0);
        DiscreteBlock b = bounded.blocks().get(0);
        assertTrue(b.scale() > a.scale() || b.decayU() < a.decayU(), "scale " + a.scale() + " -> " + b.scale()
                + ", decayU " + a.decayU() + " -> " + b.decayU());
        boolean longerWraps = false;
        for (int j = 0; j < 8; j++) {
            for (boolean excite : new boolean[] {true, false}) {
                boolean[][] input = {new boolean[30]};
                for (int i = 0; i < 30; i++) {
                    input[0][i] = excite ? w[i][j] > 0 : w[i][j] < 0;
                }
                ChipModel chip = new ChipModel(bounded);
                for (int t = 0; t < 20_000; t++) {
                    chip.step(input);
                    if (t == 199) {
                        assertEquals(0, chip.wraps(), "neuron " + j + (excite ? " excited" : " inhibited"));
                    }
                }
                longerWraps |= chip.wraps() > 0;
            }
        }
        if (ChipLimits.DECAY_ONE / (double) (b.decayU() + 1) > 20 * 200) {
            assertTrue(longerWraps, "a presentation past the bound wraps some neuron (decayU " + b.decayU() + ")");
        }
    }

    @Test
    void shouldResetByExactlyOneThreshold() {
        DiscreteNetwork d = discretize(TestNetworks.single(NeuronType.SUBTRACTIVE_RELU,
                TestNetworks.gaussian(new Random(4), 10, 6), TestNetworks.zeros(6), 0));
        DiscreteBlock block = d.blocks().get(0);
        DiscreteConnection reset = d.connections().stream().filter(c -> c.preBlock() == 0 && c.postBlock() == 0)
                .findFirst().orElseThrow();
        assertTrue(reset.synthesized());
        assertEquals(SignMode.INHIBITORY, reset.signMode());
        long vth = (long) block.vthMant() << ChipLimits.VTH_SHIFT;
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                assertEquals(i == j ? -vth : 0, reset.weight(i, j));
            }
        }
    }

    @Test
    void shouldHoldTheStartInTheChipBiasAndTheSumInU() {
        DiscreteNetwork d = discretize(oneNeuron(0.2, 0, new double[] {0.25}));
        DiscreteBlock block = d.blocks().get(0);
        assertEquals(Math.round(0.25 * block.scale()), block.bias(0), 1.0);
        assertEquals(ChipLimits.DECAY_MAX, block.decayV());
        assertTrue(Arrays.stream(IntegratorLeak.DECAYS).anyMatch(x -> x == block.decayU()));
        assertEquals(ChipLimits.REFRACT_MIN, block.refractDelay());
    }

    @Test
    void shouldAddOneAlwaysOnSourceForEveryBiasedSubtractiveBlock() {
        Ensemble a = new Ensemble("a", 3, NeuronType.SUBTRACTIVE_RELU, 0, 0, new double[] {0.1, -0.2, 0});
        Ensemble b = new Ensemble("bias", 2, NeuronType.SUBTRACTIVE_RELU, 0, 0, new double[] {0.05, 0.05});
        Network n = new Network("two", List.of(new Input("in", 2)), List.of(a, b), List.of(
                new Connection("in", "a", TestNetworks.matrix(2, 3, (i, j) -> 30), 0),
                new Connection("a", "bias", TestNetworks.matrix(3, 2, (i, j) -> i - j), 0)), List.of("bias"), null);
        DiscreteNetwork d = discretize(n);
        assertEquals(3, d.blocks().size());
        DiscreteBlock source = d.blocks().get(2);
        assertEquals("bias_1", source.name(), "the name 'bias' is taken");
        assertEquals(NeuronType.ALWAYS_ON, source.type());
        // Its every-step compartment and, for what a weight step cannot hold, its slower ones (FineBias).
        assertEquals(FineBias.PERIODS.length, source.n());
        double[] perStep = new double[3];
        for (DiscreteConnection c : d.connections()) {
            if (c.preBlock() == 2 && c.postBlock() == 0) {
                for (int row = 0; row < c.nPre(); row++) {
                    for (int j = 0; j < 3; j++) {
                        perStep[j] += c.weight(row, j) / (double) FineBias.PERIODS[row];
                    }
                }
            }
        }
        double scale = d.blocks().get(0).scale();
        assertArrayEquals(new double[] {0.1, -0.2, 0}, Arrays.stream(perStep).map(x -> x / scale).toArray(),
                32 / scale);
        assertEquals(perStep[1], d.precision().get(0).biasMin(), 1e-9);
        assertTrue(d.connections().stream().anyMatch(c -> c.preBlock() == 2 && c.postBlock() == 1));
    }

    @Test
    void shouldNotAddASourceWithoutBias() {
        DiscreteNetwork d = discretize(oneNeuron(0.5, 0, null));
        assertEquals(1, d.blocks().size());
    }

    @Test
    void shouldFireEveryStepAsAnAlwaysOnEnsemble() {
        Ensemble on = new Ensemble("on", 2, NeuronType.ALWAYS_ON, 0, 0, new double[2]);
        Ensemble e = new Ensemble("e", 1, NeuronType.SUBTRACTIVE_RELU, 0, 0, new double[1]);
        Network n = new Network("on", List.of(), List.of(on, e),
                List.of(new Connection("on", "e", new double[][] {{0.1}, {0.1}}, 0)), List.of("e"), null);
        ChipModel chip = new ChipModel(discretize(n));
        int alwaysOn = 0;
        int driven = 0;
        for (int t = 0; t < 101; t++) {
            boolean[][] s = chip.step(new boolean[0][]);
            alwaysOn += s[0][0] && s[0][1] ? 1 : 0;
            driven += s[1][0] ? 1 : 0;
        }
        assertEquals(101, alwaysOn);
        assertEquals(20, driven, 1.0);
    }

    @Test
    void shouldKeepTheThresholdAValidWeight() {
        for (double scale : new double[] {64, 5000, 16_384, 100_001, 2_000_000}) {
            long mant = (long) (ScaleSearch.grid(NeuronType.SUBTRACTIVE_RELU, scale) / 64);
            int exp = Math.max(0, 64 - Long.numberOfLeadingZeros(mant) - 8);
            assertEquals(mant, (mant >> exp) << exp, "vthMant " + mant);
            assertTrue(exp <= ChipLimits.WEIGHT_EXP_MAX && mant * 64 <= scale);
        }
    }

    @Test
    void shouldRejectAStartOutsideZeroToOne() {
        LoihiException e = assertThrows(LoihiException.class, () -> discretize(oneNeuron(0.2, 0, new double[] {1.0})));
        assertEquals(CompilerErrors.DISCRETIZE_RANGE, e.code());
    }

    @Test
    void shouldRejectANonFiniteStart() {
        LoihiException e = assertThrows(LoihiException.class,
                () -> discretize(oneNeuron(0.2, 0, new double[] {Double.NaN})));
        assertEquals(CompilerErrors.DISCRETIZE_NONFINITE, e.code());
    }

    @Test
    void shouldWarnThatASynapseTauIsIgnored() {
        discretize(TestNetworks.single(NeuronType.SUBTRACTIVE_RELU, new double[][] {{0.5}}, new double[] {0.1}, 0.01));
        assertEquals(List.of(CompilerErrors.DISCRETIZE_INTEGRATOR_SYNAPSE), diagnostics.warnings().stream().map(w -> w.code()).toList());
    }
}
