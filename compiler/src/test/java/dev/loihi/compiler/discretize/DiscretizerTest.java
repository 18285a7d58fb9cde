package dev.loihi.compiler.discretize;

import dev.loihi.compiler.CompilerErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.TestNetworks;
import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.Input;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.compiler.report.Diagnostics;
import dev.loihi.image.ChipLimits;
import dev.loihi.image.SignMode;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DiscretizerTest {
    private final Diagnostics diagnostics = new Diagnostics();

    private DiscreteNetwork discretize(Network network) {
        NetworkChecker.check(network);
        return new Discretizer(diagnostics).discretize(network);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void shouldSplitMixedSignConnectionsIntoOneFormatPerSign(long seed) {
        Network network = TestNetworks.dense(seed, 12, 40, 30, 4);
        DiscreteNetwork d = discretize(network);
        assertEquals(2 * network.connections().size(), d.connections().size());
        for (DiscreteConnection c : d.connections()) {
            assertTrue(c.signMode() != SignMode.MIXED, c.pre() + " -> " + c.post());
            int sign = c.signMode() == SignMode.EXCITATORY ? 1 : -1;
            for (int m : c.denseMants()) {
                assertTrue(m * sign >= 0 && Math.abs(m) <= 255, "mantissa " + m + " in " + c.signMode() + " part");
            }
        }
    }

    @Test
    void shouldKeepMixedFormatWithEvenMantissasWhenSplittingWouldOverflowTheInputAxons() {
        // 2100 pre neurons: two axons each would need 4200 of a core's 4096.
        DiscreteNetwork d = discretize(TestNetworks.single(NeuronType.SPIKING_RELU,
                TestNetworks.gaussian(new Random(6), 2100, 3), TestNetworks.zeros(3), 0));
        assertEquals(1, d.connections().size());
        DiscreteConnection c = d.connections().get(0);
        assertEquals(SignMode.MIXED, c.signMode());
        for (int m : c.denseMants()) {
            assertEquals(0, m & 1, "odd mantissa " + m);
            assertTrue(Math.abs(m) <= 254);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {6, 7, 8})
    void shouldStepMixedWeightsBy64ChipUnitsAtExponentMinusOne(long seed) {
        // One MIXED format, as above: at exponent -1 its even mantissas lose nothing to the
        // chip's first shift, so each weight is within 32 chip units, as a sign split's would be.
        Network network = TestNetworks.single(NeuronType.SPIKING_RELU,
                TestNetworks.gaussian(new Random(seed), 2100, 3), TestNetworks.zeros(3), 0);
        DiscreteNetwork d = discretize(network);
        DiscreteConnection c = d.connections().get(0);
        assertEquals(SignMode.MIXED, c.signMode());
        assertEquals(WeightRounding.MIN_MIXED_EXP, c.weightExp());
        double scale = d.blocks().get(c.postBlock()).scale();
        double[][] w = network.connections().get(0).weights();
        for (int i = 0; i < w.length; i++) {
            for (int j = 0; j < w[i].length; j++) {
                assertEquals(0, c.mant(i, j) & 1, "odd mantissa " + c.mant(i, j));
                assertEquals(w[i][j] * scale, c.weight(i, j), 32 * (1 + 1e-12), "weight " + i + "," + j);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15})
    void shouldRoundTripWeightsWithinHalfAStep(long seed) {
        Network network = TestNetworks.dense(seed, 10, 50, 20, 3);
        DiscreteNetwork d = discretize(network);
        for (int k = 0; k < network.connections().size(); k++) {
            double[][] w = network.connections().get(k).weights();
            double[][] back = new double[w.length][w[0].length];
            double halfStep = 0;
            for (DiscreteConnection c : d.connections()) {
                if (c.source() != k) {
                    continue;
                }
                double scale = d.blocks().get(c.postBlock()).scale();
                halfStep = Math.max(halfStep, WeightRounding.unit(c.weightExp(), c.signMode()) / 2 / scale);
                for (int i = 0; i < c.nPre(); i++) {
                    for (int j = 0; j < c.nPost(); j++) {
                        back[i][j] += c.weight(i, j) / scale;
                    }
                }
            }
            for (int i = 0; i < w.length; i++) {
                for (int j = 0; j < w[i].length; j++) {
                    assertTrue(Math.abs(back[i][j] - w[i][j]) <= halfStep * (1 + 1e-12),
                            "weight " + i + "," + j + ": float=" + w[i][j] + ", back=" + back[i][j] + ", halfStep="
                                    + halfStep);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23})
    void shouldFitWorstCaseInputInQAndUPlusBias(long seed) {
        DiscreteNetwork d = discretize(TestNetworks.dense(seed, 30, 60, 60, 5));
        for (int b = 0; b < d.blocks().size(); b++) {
            DiscreteBlock block = d.blocks().get(b);
            long[] positive = new long[block.n()];
            long[] negative = new long[block.n()];
            for (DiscreteConnection c : d.connections()) {
                if (c.postBlock() != b) {
                    continue;
                }
                for (int i = 0; i < c.nPre(); i++) {
                    for (int j = 0; j < c.nPost(); j++) {
                        long w = c.weight(i, j);
                        positive[j] += Math.max(w, 0);
                        negative[j] += Math.max(-w, 0);
                    }
                }
            }
            for (int j = 0; j < block.n(); j++) {
                assertTrue(positive[j] < 1L << ChipLimits.Q_BITS && negative[j] < 1L << ChipLimits.Q_BITS);
                assertTrue(positive[j] + Math.max(block.bias(j), 0) < 1L << ChipLimits.U_BITS);
                assertTrue(negative[j] + Math.max(-block.bias(j), 0) < 1L << ChipLimits.U_BITS);
            }
        }
    }

    @Test
    void shouldLowerTheScaleWhenEveryWeightOfAColumnRoundsUpPastQ() {
        // 4097 equal weights: at the scale the float sums allow, each rounds up by almost half a step.
        DiscreteNetwork d = discretize(TestNetworks.single(NeuronType.SPIKING_RELU,
                TestNetworks.matrix(4097, 1, (i, j) -> 1), TestNetworks.zeros(1), 0));
        DiscreteConnection c = d.connections().get(0);
        long sum = 0;
        for (int i = 0; i < c.nPre(); i++) {
            sum += c.weight(i, 0);
        }
        assertTrue(sum < 1L << ChipLimits.Q_BITS, "q sum " + sum);
        assertTrue(c.weight(0, 0) > 0);
    }

    @Test
    void shouldMakeTheThresholdExactlyOneFloatUnit() {
        DiscreteNetwork d = discretize(TestNetworks.dense(3, 8, 20, 4));
        DiscreteBlock hidden = d.blocks().get(0);
        assertEquals(hidden.scale(), (double) hidden.vthMant() * 64);
        assertTrue(hidden.vthMant() >= 1 && hidden.vthMant() <= ChipLimits.VTH_MANT_MAX);
    }

    @Test
    void shouldUseTheLargestThresholdWhenNothingElseLimitsTheScale() {
        double[][] w = TestNetworks.matrix(4, 3, (i, j) -> 0);
        DiscreteBlock block = discretize(TestNetworks.single(NeuronType.SPIKING_RELU, w, new double[] {1e-6, 0, 0}, 0))
                .blocks().get(0);
        assertEquals(ChipLimits.VTH_MANT_MAX, block.vthMant());
    }

    @Test
    void shouldLowerTheScaleUpToHalfWhenThatFillsTheMantissa() {
        // At the largest scale (the threshold limit) 0.01 lands on mantissa 164 at exponent 3;
        // a scale 0.78x as large puts it on 255 at exponent 2.
        double[][] w = TestNetworks.matrix(4, 3, (i, j) -> 1);
        DiscreteNetwork d = discretize(TestNetworks.single(NeuronType.SPIKING_RELU, w, TestNetworks.zeros(3), 0));
        assertEquals(255, max(d.connections().get(0).denseMants()));
        assertEquals(2, d.connections().get(0).weightExp());
        assertTrue(d.blocks().get(0).scale() > ScaleSearch.VTH_MAX / 2);
    }

    @Test
    void shouldUseExcitatoryModeForNonNegativeWeights() {
        double[][] w = TestNetworks.matrix(5, 4, (i, j) -> (i + j) % 3 * 10);
        DiscreteConnection c = discretize(TestNetworks.single(NeuronType.SPIKING_RELU, w, TestNetworks.zeros(4), 0))
                .connections().get(0);
        assertEquals(SignMode.EXCITATORY, c.signMode());
        assertEquals(255, max(c.denseMants()), "the largest weight should use the full 8-bit magnitude");
    }

    @Test
    void shouldUseInhibitoryModeForNonPositiveWeights() {
        double[][] w = TestNetworks.matrix(5, 4, (i, j) -> -((i * j) % 4) * 7);
        DiscreteConnection c = discretize(TestNetworks.single(NeuronType.SPIKING_RELU, w, TestNetworks.zeros(4), 0))
                .connections().get(0);
        assertEquals(SignMode.INHIBITORY, c.signMode());
        for (int m : c.denseMants()) {
            assertTrue(m <= 0 && m >= -255);
        }
    }

    @Test
    void shouldPickTheSmallestExponentThatFits() {
        DiscreteNetwork d = discretize(TestNetworks.dense(8, 6, 30, 4));
        for (DiscreteConnection c : d.connections()) {
            if (c.weightExp() > WeightRounding.minExp(c.signMode())) {
                int limit = WeightRounding.fullMant(c.signMode());
                assertTrue(max(c.denseMants()) * 2 > limit - WeightRounding.mantStep(c.signMode()) * 2,
                        "a lower exponent would have fit: exp=" + c.weightExp() + ", max=" + max(c.denseMants()));
            }
        }
    }

    @Test
    void shouldSetLifDecaysAndRefractoryFromTimeConstants() {
        Ensemble lif = new Ensemble("lif", 3, NeuronType.LIF, 0.02, 0.002, TestNetworks.zeros(3));
        Network n = new Network("n", List.of(new Input("in", 2)), List.of(lif),
                List.of(new Connection("in", "lif", TestNetworks.matrix(2, 3, (i, j) -> 50), 0.005)), List.of("lif"),
                null);
        DiscreteBlock b = discretize(n).blocks().get(0);
        assertEquals(Math.round((1 - Math.exp(-0.001 / 0.02)) * 4095), b.decayV());
        assertEquals(Math.round((1 - Math.exp(-0.001 / 0.005)) * 4095 - 1), b.decayU());
        assertEquals(3, b.refractDelay());
        assertEquals(0, b.vminExp());
    }

    @Test
    void shouldLetSpikingReluVoltageFallAboutOneThresholdBelowZero() {
        DiscreteBlock b = discretize(TestNetworks.dense(4, 8, 10, 3)).blocks().get(0);
        long vth = (long) b.vthMant() << ChipLimits.VTH_SHIFT;
        assertTrue(-ChipLimits.vmin(b.vminExp()) >= vth && -ChipLimits.vmin(b.vminExp()) < 2 * vth + 1);
        assertEquals(4095, b.decayU());
        assertEquals(0, b.decayV());
    }

    @Test
    void shouldMakeReadoutsNonSpikingWithInputBelowThreshold() {
        DiscreteNetwork d = discretize(TestNetworks.dense(5, 20, 7));
        DiscreteBlock out = d.blocks().get(0);
        assertEquals(4095, out.decayU());
        assertEquals(4095, out.decayV());
        assertEquals(ChipLimits.VTH_MANT_MAX, out.vthMant());
        assertEquals(ChipLimits.VMIN_EXP_MAX, out.vminExp());
        DiscreteConnection c = d.connections().get(0);
        long vth = (long) ChipLimits.VTH_MANT_MAX << ChipLimits.VTH_SHIFT;
        for (int j = 0; j < out.n(); j++) {
            long worst = Math.abs(out.bias(j));
            for (int i = 0; i < c.nPre(); i++) {
                worst += Math.abs(c.weight(i, j));
            }
            // With the carry of decay_v = 4095, |v| <= worst * 4096 / 4095 must stay at or below vth.
            assertTrue(worst * 4096 / 4095 <= vth);
        }
    }

    @Test
    void shouldWarnWhenAReadoutInputHasASynapseTau() {
        discretize(TestNetworks.single(NeuronType.READOUT, TestNetworks.matrix(2, 2, (i, j) -> 10),
                TestNetworks.zeros(2), 0.01));
        assertEquals(List.of(CompilerErrors.DISCRETIZE_READOUT_SYNAPSE),
                diagnostics.warnings().stream().map(w -> w.code()).toList());
    }

    @Test
    void shouldKeepTheSpikeChargeWhenASynapseTauFiltersTheCurrent() {
        double[][] w = TestNetworks.matrix(1, 1, (i, j) -> 30);
        DiscreteNetwork plain = discretize(TestNetworks.single(NeuronType.SPIKING_RELU, w, TestNetworks.zeros(1), 0));
        DiscreteNetwork filtered = discretize(TestNetworks.single(NeuronType.SPIKING_RELU, w, TestNetworks.zeros(1),
                0.01));
        DiscreteBlock b = filtered.blocks().get(0);
        double gain = (b.decayU() + 1) / 4096.0;
        double chargeFiltered = filtered.connections().get(0).weight(0, 0) / gain / b.scale();
        double chargePlain = plain.connections().get(0).weight(0, 0) / plain.blocks().get(0).scale();
        assertEquals(chargePlain, chargeFiltered, 0.3 * 0.01);
    }

    @Test
    void shouldRejectNaNWeight() {
        double[][] w = TestNetworks.matrix(2, 2, (i, j) -> 1);
        w[1][0] = Double.NaN;
        assertCode(CompilerErrors.DISCRETIZE_NONFINITE, TestNetworks.single(NeuronType.SPIKING_RELU, w, TestNetworks.zeros(2), 0));
    }

    @Test
    void shouldRejectInfiniteWeight() {
        double[][] w = TestNetworks.matrix(2, 2, (i, j) -> 1);
        w[0][1] = Double.NEGATIVE_INFINITY;
        assertCode(CompilerErrors.DISCRETIZE_NONFINITE, TestNetworks.single(NeuronType.SPIKING_RELU, w, TestNetworks.zeros(2), 0));
    }

    @Test
    void shouldRejectInfiniteBias() {
        double[] bias = {0, Double.POSITIVE_INFINITY};
        assertCode(CompilerErrors.DISCRETIZE_NONFINITE, TestNetworks.single(NeuronType.SPIKING_RELU,
                TestNetworks.matrix(2, 2, (i, j) -> 1), bias, 0));
    }

    @Test
    void shouldRejectWeightTooLargeForTheSmallestThreshold() {
        double[][] w = {{1e5}};
        assertCode(CompilerErrors.DISCRETIZE_RANGE, TestNetworks.single(NeuronType.SPIKING_RELU, w, TestNetworks.zeros(1), 0));
    }

    @Test
    void shouldRejectBiasTooLargeForTheSmallestThreshold() {
        assertCode(CompilerErrors.DISCRETIZE_RANGE, TestNetworks.single(NeuronType.SPIKING_RELU, new double[][] {{1}},
                new double[] {1e4}, 0));
    }

    @Test
    void shouldRejectRefractoryDelayBeyondItsRegister() {
        Ensemble e = new Ensemble("e", 1, NeuronType.LIF, 0.02, 0.1, TestNetworks.zeros(1));
        Network n = new Network("n", List.of(new Input("in", 1)), List.of(e),
                List.of(new Connection("in", "e", new double[][] {{1}}, 0)), List.of("e"), null);
        assertCode(CompilerErrors.DISCRETIZE_RANGE, n);
    }

    @Test
    void shouldRejectNonPositiveLifTimeConstant() {
        Ensemble e = new Ensemble("e", 1, NeuronType.LIF, 0, 0, TestNetworks.zeros(1));
        Network n = new Network("n", List.of(new Input("in", 1)), List.of(e),
                List.of(new Connection("in", "e", new double[][] {{1}}, 0)), List.of("e"), null);
        assertCode(CompilerErrors.DISCRETIZE_RANGE, n);
    }

    @Test
    void shouldRejectInputsWithDifferentSynapseTaus() {
        Ensemble e = new Ensemble("e", 1, NeuronType.SPIKING_RELU, 0, 0, TestNetworks.zeros(1));
        Network n = new Network("n", List.of(new Input("a", 1), new Input("b", 1)), List.of(e),
                List.of(new Connection("a", "e", new double[][] {{1}}, 0.005),
                        new Connection("b", "e", new double[][] {{1}}, 0.01)), List.of("e"), null);
        assertCode(CompilerErrors.DISCRETIZE_SYNAPSE_TAU, n);
    }

    @Test
    void shouldRejectReadoutWhoseInputOverflowsEveryScale() {
        double[][] w = {{1e308}, {1e308}};
        assertCode(CompilerErrors.DISCRETIZE_READOUT_RANGE, TestNetworks.single(NeuronType.READOUT, w, TestNetworks.zeros(1), 0));
    }

    @Test
    void shouldReportRoundingErrorAndBitsLost() {
        DiscreteNetwork d = discretize(TestNetworks.dense(6, 16, 64, 5));
        LayerPrecision p = d.precision().get(0);
        assertTrue(p.weightRmsError() > 0 && p.weightRmsError() < 0.01, "rms=" + p.weightRmsError());
        // Split by sign: no dropped low bit, only what the smaller sign's largest mantissa leaves of 255.
        assertTrue(p.bitsLost() >= 0 && p.bitsLost() < 1, "bitsLost=" + p.bitsLost());
        assertFalse(p.bindingLimit().isEmpty());
    }

    @Test
    void shouldCountTheMixedFormatsDroppedBitAsLost() {
        DiscreteNetwork d = discretize(TestNetworks.single(NeuronType.SPIKING_RELU,
                TestNetworks.gaussian(new Random(6), 2100, 3), TestNetworks.zeros(3), 0));
        double bitsLost = d.precision().get(0).bitsLost();
        assertTrue(bitsLost >= 1 && bitsLost < 2, "bitsLost=" + bitsLost);
    }

    @Test
    void shouldWarnWhenEveryWeightOfAConnectionRoundsToZero() {
        Ensemble e = new Ensemble("e", 1, NeuronType.SPIKING_RELU, 0, 0, TestNetworks.zeros(1));
        Network n = new Network("n", List.of(new Input("a", 1), new Input("b", 1)), List.of(e),
                List.of(new Connection("a", "e", new double[][] {{1}}, 0),
                        new Connection("b", "e", new double[][] {{1e-9}}, 0)), List.of("e"), null);
        discretize(n);
        assertTrue(diagnostics.warnings().stream().anyMatch(w -> w.code().equals(CompilerErrors.DISCRETIZE_CONNECTION_ZEROED)));
    }

    @Test
    void shouldBoundTheFiringRateByTheRefractoryDelay() {
        double[][] w = TestNetworks.matrix(3, 2, (i, j) -> 90);
        Ensemble e = new Ensemble("e", 2, NeuronType.LIF, 0.02, 0.004, TestNetworks.zeros(2));
        Network n = new Network("n", List.of(new Input("in", 3)), List.of(e),
                List.of(new Connection("in", "e", w, 0)), List.of("e"), null);
        assertEquals(1.0 / 5, discretize(n).precision().get(0).maxRate(), 1e-12);
    }

    @Test
    void shouldBeDeterministic() {
        Random random = new Random(99);
        double[][] w = TestNetworks.gaussian(random, 20, 10);
        DiscreteNetwork a = discretize(TestNetworks.single(NeuronType.SPIKING_RELU, w, TestNetworks.zeros(10), 0));
        DiscreteNetwork b = discretize(TestNetworks.single(NeuronType.SPIKING_RELU, w, TestNetworks.zeros(10), 0));
        assertEquals(a.blocks().get(0).scale(), b.blocks().get(0).scale());
        assertTrue(java.util.Arrays.equals(a.connections().get(0).denseMants(), b.connections().get(0).denseMants()));
    }

    private void assertCode(String code, Network network) {
        LoihiException e = assertThrows(LoihiException.class, () -> discretize(network));
        assertEquals(code, e.code(), e.getMessage());
    }

    private static int max(int[] values) {
        int max = 0;
        for (int v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    /**
     * A readout's drift correction that would pass the largest bias at the block's scale is held
     * there, so the bias still rounds to 13 bits at exponent 7; the others take it whole.
     */
    @Test
    void shouldHoldAReadoutsDriftCorrectionWithinTheLargestBias() {
        double scale = 100;
        double limit = BiasRounding.MAX_BIAS / scale;
        double[] bias = {5000, -5000, 10, -5200};
        int held = Discretizer.takeDrift(bias, new double[] {-30_000, 0, 100, 10_000}, scale);
        assertEquals(2, held);
        assertEquals(limit, bias[0], 1e-9);
        assertEquals(-5000, bias[1], 1e-9);
        assertEquals(9, bias[2], 1e-9);
        assertEquals(-limit, bias[3], 1e-9);
        int[] mants = new int[bias.length];
        int[] exps = new int[bias.length];
        assertEquals(-1, BiasRounding.round(bias, scale, mants, exps), "every bias fits");
        assertEquals(ChipLimits.BIAS_MANT_MAX, mants[0]);
    }
}
