package dev.loihi.compiler.discretize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.TestNetworks;
import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.Input;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.compiler.report.Diagnostics;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bias source's slower compartments, and the biases they refine and correct ({@link FineBias}). */
class FineBiasTest {
    private static final int AXONS = 60;
    private static final int NEURONS = 6;

    private static DiscreteNetwork discretize(Network network) {
        NetworkChecker.check(network);
        return new Discretizer(new Diagnostics()).discretize(network);
    }

    /**
     * One block of {@code type} fed by {@code AXONS} axons whose weights are large enough that the
     * no-wrap bound sets a small threshold, where a weight step is a coarse share of it.
     */
    private static Network wide(Random random, NeuronType type, double[] rates) {
        double[][] w = TestNetworks.gaussian(random, AXONS, NEURONS);
        double[] bias = new double[NEURONS];
        for (int j = 0; j < NEURONS; j++) {
            bias[j] = 0.03 * (2 * random.nextDouble() - 1);
            for (int i = 0; i < AXONS; i++) {
                w[i][j] *= 2;
            }
        }
        Ensemble e = new Ensemble("e", NEURONS, type, 0, 0, bias);
        return new Network("wide", List.of(new Input("in", AXONS)), List.of(e),
                List.of(new Connection("in", "e", w, 0)), List.of("e"), null, Map.of(), Map.of(),
                rates == null ? Map.of() : Map.of("in", rates));
    }

    /** Per neuron of block 0, the chip units a step its bias source delivers on average. */
    private static double[] meanBias(DiscreteNetwork d) {
        int source = d.blocks().size() - 1;
        assertEquals(NeuronType.ALWAYS_ON, d.blocks().get(source).type());
        int n = d.blocks().get(0).n();
        double[] mean = new double[n];
        for (DiscreteConnection c : d.connections()) {
            if (c.preBlock() == source && c.postBlock() == 0) {
                for (int row = 0; row < c.nPre(); row++) {
                    for (int j = 0; j < n; j++) {
                        mean[j] += c.weight(row, j) / (double) FineBias.PERIODS[row];
                    }
                }
            }
        }
        return mean;
    }

    /** Per neuron of block 0, what the bias source's every-step compartment alone delivers. */
    private static double[] everyStep(DiscreteNetwork d) {
        int source = d.blocks().size() - 1;
        double[] step = new double[d.blocks().get(0).n()];
        for (DiscreteConnection c : d.connections()) {
            if (c.preBlock() == source && c.postBlock() == 0) {
                for (int j = 0; j < step.length; j++) {
                    step[j] += c.weight(0, j);
                }
            }
        }
        return step;
    }

    private static double gain(DiscreteBlock block) {
        return LeakCompensation.gain(block.decayU());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void shouldDeliverEachBiasToWithinFourChipUnitsAStep(long seed) {
        Network network = wide(new Random(seed), NeuronType.SUBTRACTIVE_RELU, null);
        DiscreteNetwork d = discretize(network);
        DiscreteBlock block = d.blocks().get(0);
        double[] mean = meanBias(d);
        double[] bias = network.ensembles().get(0).bias();
        double coarsest = 0;
        for (int j = 0; j < NEURONS; j++) {
            double exact = bias[j] * block.scale() * gain(block);
            assertEquals(exact, mean[j], 4.0 + 1e-9, "neuron " + j);
            coarsest = Math.max(coarsest, Math.abs(exact - everyStep(d)[j]));
        }
        // The every-step compartment alone, a weight step of 64 chip units, misses by more.
        assertTrue(coarsest > 8, "coarsest " + coarsest);
    }

    @Test
    void shouldSpikeEveryPeriodThStep() {
        DiscreteNetwork d = discretize(wide(new Random(7), NeuronType.SUBTRACTIVE_RELU, null));
        int source = d.blocks().size() - 1;
        assertEquals(FineBias.PERIODS.length, d.blocks().get(source).n());
        ChipModel chip = new ChipModel(d);
        boolean[][] silent = {new boolean[AXONS]};
        for (int t = 0; t < 160; t++) {
            boolean[] s = chip.step(silent)[source];
            for (int k = 0; k < FineBias.PERIODS.length; k++) {
                assertEquals((t + 1) % FineBias.PERIODS[k] == 0, s[k], "compartment " + k + ", step " + t);
            }
        }
        assertEquals(0, chip.wraps());
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13})
    void shouldTakeTheWeightsRoundingDriftOffTheBias(long seed) {
        Random random = new Random(seed);
        double[] rates = new double[AXONS];
        for (int i = 0; i < AXONS; i++) {
            rates[i] = random.nextDouble() < 0.3 ? 0 : random.nextDouble();
        }
        Network network = wide(random, NeuronType.SUBTRACTIVE_RELU, rates);
        DiscreteNetwork corrected = discretize(network);
        DiscreteNetwork plain = discretize(new Network(network.name(), network.inputs(), network.ensembles(),
                network.connections(), network.outputs(), null));
        double before = 0;
        double after = 0;
        for (int j = 0; j < NEURONS; j++) {
            double plainError = meanDriveError(network, plain, rates, j);
            double error = meanDriveError(network, corrected, rates, j);
            assertEquals(0, error, 4.0 + 1e-9, "neuron " + j);
            before += Math.abs(plainError);
            after += Math.abs(error);
        }
        assertTrue(after < before, "after " + after + ", before " + before);
    }

    /** Neuron j's mean drive on the chip less the exact one, chip units a step, at input rates {@code rates}. */
    private static double meanDriveError(Network network, DiscreteNetwork d, double[] rates, int j) {
        DiscreteBlock block = d.blocks().get(0);
        double factor = block.scale() * gain(block);
        double[][] w = network.connections().get(0).weights();
        double exact = network.ensembles().get(0).bias()[j] * factor;
        double chip = meanBias(d)[j];
        for (DiscreteConnection c : d.connections()) {
            if (c.fromInput() && c.postBlock() == 0) {
                for (int i = 0; i < AXONS; i++) {
                    chip += c.weight(i, j) * rates[i];
                }
            }
        }
        for (int i = 0; i < AXONS; i++) {
            exact += w[i][j] * factor * rates[i];
        }
        return chip - exact;
    }

    @Test
    void shouldCorrectAReadoutsBiasInItsOwnRegister() {
        Random random = new Random(21);
        double[] rates = new double[AXONS];
        for (int i = 0; i < AXONS; i++) {
            rates[i] = random.nextDouble();
        }
        Network network = wide(random, NeuronType.READOUT, rates);
        DiscreteNetwork d = discretize(network);
        DiscreteBlock block = d.blocks().get(0);
        double[][] w = network.connections().get(0).weights();
        for (int j = 0; j < NEURONS; j++) {
            double chip = block.bias(j);
            double exact = network.ensembles().get(0).bias()[j] * block.scale();
            for (DiscreteConnection c : d.connections()) {
                for (int i = 0; i < AXONS; i++) {
                    chip += c.weight(i, j) * rates[i];
                }
            }
            for (int i = 0; i < AXONS; i++) {
                exact += w[i][j] * block.scale() * rates[i];
            }
            // The bias register's own step at its exponent.
            assertEquals(exact, chip, (1 << block.biasExp()[j]) / 2.0 + 1e-6, "neuron " + j);
        }
    }

    @Test
    void shouldCountTheNeuronsWhoseCorrectionPassesTheSlowCompartmentsReach() {
        // Two neurons without a bias: one asked to take off far more than 127 units of 128 a step, one 10 chip units.
        dev.loihi.compiler.net.Weights bias = dev.loihi.compiler.net.Weights.of(new double[][] {{0, 0}});
        long[] qPositive = new long[2];
        long[] qNegative = new long[2];
        FineBias.Digits d = FineBias.digits(bias, 1, List.of(), new WeightRounding.Rounded[0], new int[0], 0, 2,
                qPositive, qNegative, new double[] {1e6, 10});
        assertEquals(1, d.clamped());
        int full = -FineBias.MAX_STEPS * 2;
        assertEquals(full, d.mants()[0][0]);
        assertEquals(full, d.mants()[1][0]);
        assertTrue(d.worstLeft() > 1e6 - 128 * 127 * (1 / 4.0 + 1 / 16.0) - 1, "worstLeft " + d.worstLeft());
        // -10 a step: no whole 32 at the 4th step, -1 unit of 128 at the 16th (-8 a step), 2 left.
        assertEquals(0, d.mants()[0][1]);
        assertEquals(-2, d.mants()[1][1]);
        assertEquals(128, qNegative[1]);
        assertEquals(0, qPositive[1]);
    }
}
