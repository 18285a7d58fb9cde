package dev.loihi.compiler.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.net.Network;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Copies give way, input copies first, when the conversion's weights or neurons would pass the budget. */
class CopyBudgetTest {
    /** 10 inputs -> 20 relu -> 5 linear, every weight nonzero. */
    private static AnnModel model() {
        return new AnnModel("m", 10, List.of(
                new DenseLayer("h", filled(10, 20), new double[20], Activation.RELU),
                new DenseLayer("out", filled(20, 5), new double[5], Activation.LINEAR)));
    }

    private static double[][] filled(int rows, int columns) {
        double[][] m = new double[rows][columns];
        for (double[] row : m) {
            java.util.Arrays.fill(row, 0.5);
        }
        return m;
    }

    @Test
    void shouldKeepTheDefaultsWhenTheyFit() {
        ConvertOptions o = CopyBudget.fit(model(), ConvertOptions.defaults(), 4800, 60);
        assertEquals(3, o.replicas());
        assertEquals(4, o.inputCopies());
    }

    @Test
    void shouldDropInputCopiesBeforeReplicas() {
        // the largest connection: (3, 4) 200 x 8 x 3 = 4,800; (3, 2) 2,400; (2, 2) 1,600; (2, 1) 800; (1, 1) 400
        assertEquals(List.of(3, 2), pair(CopyBudget.fit(model(), ConvertOptions.defaults(), 2400, 60)));
        assertEquals(List.of(2, 2), pair(CopyBudget.fit(model(), ConvertOptions.defaults(), 2000, 60)));
        assertEquals(List.of(2, 1), pair(CopyBudget.fit(model(), ConvertOptions.defaults(), 800, 60)));
        assertEquals(List.of(1, 1), pair(CopyBudget.fit(model(), ConvertOptions.defaults(), 400, 60)));
        assertEquals(List.of(1, 1), pair(CopyBudget.fit(model(), ConvertOptions.defaults(), 1, 60)), "nothing smaller");
    }

    @Test
    void shouldDropReplicasWhenTheNeuronsPassTheBudget() {
        // hidden neurons: 20 x replicas
        assertEquals(List.of(2, 2), pair(CopyBudget.fit(model(), ConvertOptions.defaults(), 4800, 59)));
        assertEquals(List.of(1, 1), pair(CopyBudget.fit(model(), ConvertOptions.defaults(), 4800, 39)));
    }

    /**
     * A neuron takes every input on an axon of its core: a layer over 1,500 hidden units takes
     * 4,500 axons with three copies of each, past a core's 4,096, so two copies are taken (3,000);
     * over 2,100 units, one. The first layer counts both signs of every input copy.
     */
    @Test
    void shouldKeepEveryNeuronsInputsWithinACoresAxons() {
        AnnModel wide = new AnnModel("w", 10, List.of(
                new DenseLayer("h", filled(10, 1500), new double[1500], Activation.RELU),
                new DenseLayer("h2", filled(1500, 2), new double[2], Activation.RELU),
                new DenseLayer("out", filled(2, 2), new double[2], Activation.LINEAR)));
        assertEquals(4500, CopyBudget.widestFanIn(wide, 3, 4, true));
        assertEquals(List.of(2, 2), pair(CopyBudget.fit(wide, ConvertOptions.defaults())));
        AnnModel wider = new AnnModel("w", 10, List.of(
                new DenseLayer("h", filled(10, 2100), new double[2100], Activation.RELU),
                new DenseLayer("h2", filled(2100, 2), new double[2], Activation.RELU),
                new DenseLayer("out", filled(2, 2), new double[2], Activation.LINEAR)));
        assertEquals(List.of(1, 1), pair(CopyBudget.fit(wider, ConvertOptions.defaults())));
        AnnModel wideInput = new AnnModel("i", 600, List.of(
                new DenseLayer("h", filled(600, 4), new double[4], Activation.RELU),
                new DenseLayer("out", filled(4, 2), new double[2], Activation.LINEAR)));
        // 600 features x 2 signs x 4 copies = 4,800 axons; x 2 copies = 2,400
        assertEquals(4800, CopyBudget.widestFanIn(wideInput, 3, 4, true));
        assertEquals(List.of(3, 2), pair(CopyBudget.fit(wideInput, ConvertOptions.defaults())));
        assertEquals(List.of(3, 4), pair(CopyBudget.fit(model(), ConvertOptions.defaults())), "narrow: the defaults");
    }

    /**
     * A window layer fed by a hidden layer is taken to read population axons when copies are
     * chosen, but the discretizer keeps it discrete where sharing saves nothing (one output
     * position): such copies are not sure to fit, so the search compiles them first (ChipFit).
     */
    @Test
    void shouldNotBeSureOfAWideWindowOnDiscreteAxons() {
        // 7 x 7 x 64 hidden units read whole by a 7 x 7 valid convolution: one position, 3,136 inputs
        dev.loihi.compiler.keras.ConvGeometry g = dev.loihi.compiler.keras.ConvGeometry.keras(new int[] {7, 7}, 64,
                new int[] {7, 7}, new int[] {1, 1}, false, 10);
        AnnModel model = new AnnModel("c", 8, List.of(
                new DenseLayer("h", filled(8, 7 * 7 * 64), new double[7 * 7 * 64], Activation.RELU),
                new DenseLayer("c", filled(7 * 7 * 64, 10), new double[10], Activation.RELU, g),
                new DenseLayer("out", filled(10, 2), new double[2], Activation.LINEAR)));
        assertEquals(8 * 2 * 4, CopyBudget.widestFanIn(model, 3, 4, true), "the window layer not counted");
        assertEquals(3136 * 3, CopyBudget.widestFanIn(model, 3, 4, false));
        assertEquals(List.of(3, 4), pair(CopyBudget.fit(model, ConvertOptions.defaults())));
        assertFalse(CopyBudget.sureToFit(model, 3, 4));
        assertTrue(CopyBudget.fits(model, 3, 4), "still one of the search's copy alternatives");
        assertTrue(CopyBudget.sureToFit(model, 1, 4), "3,136 axons at one copy");
    }

    /**
     * Cores fill by synapse memory too: copies whose discrete synapses pass an eighth of a chip's
     * (1,048,576) are compiled before they are used (not sure to fit), and stay among the
     * search's alternatives (fits). 1,000 x 1,000 hidden weights hold 9,000,000
     * synapses with three copies of each side, 1,000,000 with one.
     */
    @Test
    void shouldNotBeSureOfCopiesThatHoldMillionsOfSynapses() {
        AnnModel model = new AnnModel("s", 10, List.of(
                new DenseLayer("h1", filled(10, 1000), new double[1000], Activation.RELU),
                new DenseLayer("h2", filled(1000, 1000), new double[1000], Activation.RELU),
                new DenseLayer("out", filled(1000, 2), new double[2], Activation.LINEAR)));
        assertEquals(10 * 8 * 1000 * 3 + 1000 * 1000 * 9 + 1000 * 2 * 3, CopyBudget.discreteSynapses(model, 3, 4));
        assertEquals(1_048_576, CopyBudget.SURE_DISCRETE_SYNAPSES);
        assertFalse(CopyBudget.sureToFit(model, 3, 4));
        assertTrue(CopyBudget.sureToFit(model, 1, 1));
        assertTrue(CopyBudget.fits(model, 3, 4), "still one of the search's copy alternatives");
        assertEquals(List.of(3, 4), pair(CopyBudget.fit(model, ConvertOptions.defaults())), "chosen as before; compiled first");
    }

    /** A convolution's connection holds only its windows' weights, not rows x columns of them. */
    @Test
    void shouldCountOnlyTheWeightsAConnectionHolds() {
        double[][] diagonal = new double[400][400];
        for (int i = 0; i < 400; i++) {
            diagonal[i][i] = 1;
        }
        AnnModel sparse = new AnnModel("s", 400, List.of(
                new DenseLayer("h", diagonal, new double[400], Activation.RELU),
                new DenseLayer("out", filled(400, 2), new double[2], Activation.LINEAR)));
        // 400 x 8 x 3 + 800 x 3 = 12,000, where rows x columns would count 3,840,000 + 2,400
        assertEquals(12_000, CopyBudget.weights(sparse, 3, 4));
        assertEquals(400 * 8 * 1200 + 1200 * 2, CopyBudget.matrixCells(sparse, 3, 4), "the search's proxy: every cell");
        // its largest connection holds 400 x 8 x 3 = 9,600 weights: within a bound that 3,840,000 cells are far over
        assertEquals(List.of(3, 4), pair(CopyBudget.fit(sparse, ConvertOptions.defaults(), 9_600, 1200)));
    }

    @Test
    void shouldKeepWhatTheUserSet() {
        ConvertOptions forced = ConvertOptions.defaults().withReplicas(3);
        assertEquals(List.of(3, 1), pair(CopyBudget.fit(model(), forced, 1, 1)));
        forced = ConvertOptions.defaults().withInputCopies(4).withReplicas(2);
        assertEquals(List.of(2, 4), pair(CopyBudget.fit(model(), forced, 1, 1)));
    }

    @Test
    void shouldCountTheWeightsOfEveryConnection() {
        // (3, 4): 200 x 8 x 3 + 100 x 3; (2, 4): 200 x 8 x 2 + 100 x 2; (4, 4): 200 x 8 x 4 + 100 x 4
        assertEquals(5100, CopyBudget.weights(model(), 3, 4));
        assertEquals(3400, CopyBudget.weights(model(), 2, 4));
        assertEquals(6800, CopyBudget.weights(model(), 4, 4));
        assertEquals(80 * 60 + 60 * 5, CopyBudget.matrixCells(model(), 3, 4));
        assertEquals(true, CopyBudget.fits(model(), 4, 4));
    }

    @Test
    void shouldBuildTheNetworkItFitted() {
        Network n = AnnToSnn.convert(model(), ConvertOptions.defaults());
        assertEquals(60, n.ensembles().get(0).n());
        assertEquals(80, n.connections().get(0).weights().length);
    }

    /** After copies that did not fit the chip: the next pair down the ladder, on the free axes only. */
    @Test
    void shouldStepDownTheLadderFromCopiesThatDidNotFit() {
        ConvertOptions free = ConvertOptions.defaults();
        ConvertOptions at = free.withReplicas(3).withInputCopies(4);
        List<List<Integer>> walked = new java.util.ArrayList<>();
        while (at != null) {
            walked.add(pair(at));
            at = CopyBudget.fewer(model(), free, at);
        }
        assertEquals(List.of(List.of(3, 4), List.of(3, 2), List.of(2, 2), List.of(2, 1), List.of(1, 1)), walked);
        // replicas set by the user: only input copies give way
        ConvertOptions replicasSet = free.withReplicas(3);
        assertEquals(List.of(3, 2), pair(CopyBudget.fewer(model(), replicasSet, replicasSet.withInputCopies(4))));
        assertEquals(List.of(3, 1), pair(CopyBudget.fewer(model(), replicasSet, replicasSet.withInputCopies(2))));
        assertEquals(null, CopyBudget.fewer(model(), replicasSet, replicasSet.withInputCopies(1)));
        // both set: nothing to give
        ConvertOptions both = free.withReplicas(2).withInputCopies(2);
        assertEquals(null, CopyBudget.fewer(model(), both, both));
    }

    private static List<Integer> pair(ConvertOptions o) {
        return List.of(o.replicas(), o.inputCopies());
    }
}
