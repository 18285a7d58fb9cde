package dev.loihi.compiler.discretize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.TestNetworks;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.compiler.report.Diagnostics;
import dev.loihi.image.ChipLimits;
import dev.loihi.image.SignMode;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResidualPartsTest {

    private static DiscreteNetwork discretize(Network network) {
        NetworkChecker.check(network);
        return new Discretizer(new Diagnostics()).discretize(network);
    }

    private static double[][] weights(long seed) {
        // Mixed signs and a wide spread of magnitudes, as trained spiking weights have.
        Random random = new Random(seed);
        double[][] w = TestNetworks.gaussian(random, 30, 20);
        for (double[] row : w) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= 0.05 * Math.exp(2 * random.nextGaussian());
            }
        }
        return w;
    }

    /** The chip's summed weight from pre i to post j over every format of the connection. */
    private static long chipWeight(DiscreteNetwork d, int i, int j) {
        return d.connections().stream().mapToLong(c -> c.weight(i, j)).sum();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void shouldCarryTheRoundingErrorOfEachCubaLifFormatInASecondOne(long seed) {
        double[][] w = weights(seed);
        DiscreteNetwork d = discretize(TestNetworks.single(NeuronType.CUBA_LIF, w, TestNetworks.zeros(20), 0));
        DiscreteBlock block = d.blocks().get(0);
        // Two sign parts, each with a MIXED residual at a lower exponent.
        assertEquals(4, d.connections().size());
        int residualExp = d.connections().stream().filter(c -> c.signMode() == SignMode.MIXED)
                .mapToInt(DiscreteConnection::weightExp).max().orElseThrow();
        double halfStep = Math.scalb(1.0, ChipLimits.WEIGHT_SHIFT + residualExp);
        for (int i = 0; i < w.length; i++) {
            for (int j = 0; j < w[i].length; j++) {
                double error = Math.abs(chipWeight(d, i, j) - w[i][j] * block.scale());
                assertTrue(error <= halfStep, "pre=" + i + ", post=" + j + ", error=" + error);
            }
        }
        assertTrue(d.precision().get(0).weightRmsError() < 1e-3, "rms=" + d.precision().get(0).weightRmsError());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void shouldLeaveOtherNeuronTypesWithOneFormatPerSign(long seed) {
        DiscreteNetwork d = discretize(TestNetworks.single(NeuronType.SPIKING_RELU, weights(seed),
                TestNetworks.zeros(20), 0));
        assertEquals(2, d.connections().size());
        assertTrue(d.connections().stream().noneMatch(c -> c.signMode() == SignMode.MIXED));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void shouldAddNoResidualWhereTheFanInWouldOverflowACore(long seed) {
        // 1500 mixed-sign pre neurons split into two formats use 3000 of a core's 4096 input axons;
        // a residual of either would need 1500 more.
        Random random = new Random(seed);
        double[][] w = TestNetworks.gaussian(random, 1500, 4);
        DiscreteNetwork d = discretize(TestNetworks.single(NeuronType.CUBA_LIF, w, TestNetworks.zeros(4), 0));
        assertEquals(2, d.connections().size());
    }
}
