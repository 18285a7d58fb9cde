package dev.loihi.compiler.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.compiler.net.Weights;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A readout wider than a core's axons, cut by its inputs into parts the host sums. */
class ReadoutPartsTest {
    private static double[][] filled(int rows, int columns) {
        double[][] m = new double[rows][columns];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                m[i][j] = 1 + i % 7 + j;
            }
        }
        return m;
    }

    @Test
    void shouldCutTheInputsIntoEqualRunsOfWholeUnitsEachWithinACore() {
        Weights w = Weights.of(filled(9000, 3));
        assertEquals(3, ReadoutParts.count(w, 1), "9,000 inputs: three runs of 3,000");
        Weights split = ReadoutParts.split(w, 3, 1);
        assertEquals(9, split.columns());
        for (int i = 0; i < 9000; i++) {
            for (int j = 0; j < 3; j++) {
                int part = i / 3000;
                for (int p = 0; p < 3; p++) {
                    assertEquals(p == part ? w.get(i, j) : 0.0, split.get(i, p * 3 + j), "row " + i + " part " + p);
                }
            }
        }
        assertEquals(3000, CopyBudget.widestColumn(split));
        assertArrayEquals(new double[] {1, 2, 0, 0}, ReadoutParts.bias(new double[] {1, 2}, 2), 0.0);
        Weights narrow = Weights.of(filled(4080, 2));
        assertEquals(1, ReadoutParts.count(narrow, 1));
        assertSame(narrow, ReadoutParts.split(narrow, 1, 1));
        // 1,401 units of 3 copies: two runs of 701 and 700 whole units, no unit's copies cut
        Weights copies = Weights.of(filled(1401 * 3, 2));
        assertEquals(2, ReadoutParts.count(copies, 3));
        Weights cut = ReadoutParts.split(copies, 2, 3);
        for (int i = 0; i < 1401 * 3; i++) {
            int part = i < 701 * 3 ? 0 : 1;
            assertEquals(copies.get(i, 1), cut.get(i, part * 2 + 1), "row " + i);
        }
    }

    @Test
    void shouldConvertAWideReadoutIntoParts() {
        double[] bias = {0.5, -0.5, 1};
        AnnModel model = new AnnModel("w", 4, List.of(
                new DenseLayer("h", filled(4, 1500), new double[1500], Activation.RELU),
                new DenseLayer("out", filled(1500, 3), bias, Activation.SOFTMAX)));
        Network network = AnnToSnn.convert(model, ConvertOptions.defaults());
        Ensemble readout = network.ensembles().get(network.ensembles().size() - 1);
        assertEquals(NeuronType.READOUT, readout.type());
        // 1,500 units x 3 copies = 4,500 inputs: two parts of 750 units, 2,250 inputs each
        assertEquals(2, network.encoding().readoutParts());
        assertEquals(6, readout.n());
        assertArrayEquals(new double[] {0.5, -0.5, 1, 0, 0, 0}, readout.bias(), 0.0, "the float bias in part 0 only");
        Weights w = network.connections().get(network.connections().size() - 1).synapses();
        assertEquals(2250, CopyBudget.widestColumn(w));
        for (int i = 0; i < w.rows(); i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(w.get(i, j) + w.get(i, 3 + j), w.get(i, i < 2250 ? j : 3 + j), 0.0, "one part per row");
            }
        }
    }

    /** {@link WideLayers} leaves a readout that wide to the parts. */
    @Test
    void shouldNotSplitAWideReadoutIntoASpikingLayer() {
        AnnModel model = new AnnModel("w", 4, List.of(
                new DenseLayer("h", filled(4, 5000), new double[5000], Activation.RELU),
                new DenseLayer("out", filled(5000, 3), new double[3], Activation.LINEAR)));
        assertEquals(2, LinearMerge.merge(model).layers().size());
    }
}
