package dev.loihi.compiler.discretize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.TestNetworks;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.compiler.report.Diagnostics;
import dev.loihi.image.ChipLimits;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The leak of a SUBTRACTIVE_RELU block weighed with its inputs' measured rates
 * ({@link Network#rateSquares}, {@link LeakBalance}): sparse inputs make rounding cheaper, so the
 * block may take a weaker leak at a smaller scale, and the no-wrap bound still holds for every
 * input, whatever the rates measured on calibration data.
 */
class MeasuredRateLeakTest {
    private static final int PRE = 30;
    private static final int POST = 8;

    /** A block with a wide, mixed-sign fan-in, a few strong weights and, when {@code biased}, a bias (seeded). */
    private static Network block(long seed, boolean biased) {
        Random random = new Random(seed);
        double[][] w = TestNetworks.gaussian(random, PRE, POST);
        double[] bias = new double[POST];
        for (int j = 0; j < POST; j++) {
            bias[j] = biased ? 0.3 * random.nextGaussian() : 0;
            w[random.nextInt(PRE)][j] *= 8;
        }
        return TestNetworks.single(NeuronType.SUBTRACTIVE_RELU, w, bias, 0);
    }

    private static Network withRate(Network n, double rateSquare) {
        return new Network(n.name(), n.inputs(), n.ensembles(), n.connections(), n.outputs(), n.encoding(), Map.of(),
                Map.of("in", rateSquare));
    }

    private static DiscreteNetwork discretize(Network network) {
        NetworkChecker.check(network);
        return new Discretizer(new Diagnostics()).discretize(network);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void shouldDiscretizeAsTheWorstCaseWhenEveryInputSpikesEveryStep(long seed) {
        DiscreteNetwork worst = discretize(block(seed, true));
        DiscreteNetwork measured = discretize(withRate(block(seed, true), 1.0));
        assertEquals(worst.blocks().size(), measured.blocks().size());
        for (int b = 0; b < worst.blocks().size(); b++) {
            DiscreteBlock x = worst.blocks().get(b);
            DiscreteBlock y = measured.blocks().get(b);
            assertEquals(x.decayU(), y.decayU());
            assertEquals(x.vthMant(), y.vthMant());
            assertArrayEquals(x.biasMant(), y.biasMant());
            assertArrayEquals(x.biasExp(), y.biasExp());
        }
        for (int c = 0; c < worst.connections().size(); c++) {
            assertArrayEquals(worst.connections().get(c).denseMants(), measured.connections().get(c).denseMants());
            assertEquals(worst.connections().get(c).weightExp(), measured.connections().get(c).weightExp());
        }
    }

    @Test
    void shouldTakeAWeakerLeakForSparseInputsWithinTheWarningLimit() {
        int weaker = 0;
        for (long seed = 1; seed <= 5; seed++) {
            // Without a bias, whose rounding arrives every step whatever the rates, only the
            // weights weigh against the leak.
            int worst = discretize(block(seed, false)).blocks().get(0).decayU();
            int dense = discretize(withRate(block(seed, false), 0.25)).blocks().get(0).decayU();
            DiscreteNetwork sparseNet = discretize(withRate(block(seed, false), 1e-4));
            int sparse = sparseNet.blocks().get(0).decayU();
            // Cheaper rounding never asks for a stronger leak.
            assertTrue(dense <= worst, "seed " + seed + ", rate 1/2: decayU " + dense + " against " + worst);
            assertTrue(sparse <= dense, "seed " + seed + ", rate 1/100: decayU " + sparse + " against " + dense);
            if (sparse < worst) {
                weaker++;
                // A weaker leak than the worst case's keeps the weights within the warning limit.
                assertTrue(sparseNet.precision().get(0).weightRmsError() <= Discretizer.PRECISION_WARNING_RMS,
                        "seed " + seed + ": " + sparseNet.precision().get(0).weightRmsError());
            }
        }
        assertTrue(weaker > 0, "no seed took a weaker leak at a hundredth of a spike a step");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void shouldNeverWrapUnderTheWorstCaseInputWhateverTheMeasuredRate(long seed) {
        Network network = withRate(block(seed, true), 1e-6);
        DiscreteNetwork d = discretize(network);
        // Every axon at once, every step: far more than the calibration rates said.
        ChipModel chip = new ChipModel(d);
        boolean[][] all = {new boolean[PRE]};
        Arrays.fill(all[0], true);
        for (int t = 0; t < 20_000; t++) {
            chip.step(all);
        }
        assertEquals(0, chip.wraps());
        assertTrue(chip.largestU() < 1L << ChipLimits.U_BITS);
        // Each neuron alone at its most negative: only the axons that inhibit it.
        double[][] w = network.connections().get(0).weights();
        for (int j = 0; j < POST; j++) {
            ChipModel inhibited = new ChipModel(d);
            boolean[][] negative = {new boolean[PRE]};
            for (int i = 0; i < PRE; i++) {
                negative[0][i] = w[i][j] < 0;
            }
            for (int t = 0; t < 20_000; t++) {
                inhibited.step(negative);
            }
            assertEquals(0, inhibited.wraps(), "neuron " + j);
        }
    }
}
