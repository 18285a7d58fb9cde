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
    void shouldCutTheInputsIntoEqualRunsEachWithinACore() {
        Weights w = Weights.of(filled(9000, 3));
        assertEquals(3, ReadoutParts.count(w), "9,000 inputs: three runs of 3,000");
        Weights split = ReadoutParts.split(w, 3);
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
        assertEquals(1, ReadoutParts.count(narrow));
        assertSame(narrow, ReadoutParts.split(narrow, 1));
    }

    @Test
    void shouldConvertAWideReadoutIntoParts() {
        AnnModel model = new AnnModel("w", 4, List.of(
                new DenseLayer("h", filled(4, 1500), new double[1500], Activation.RELU),
                new DenseLayer("out", filled(1500, 3), new double[] {0.5, -0.5, 1}, Activation.SOFTMAX)));
        Network network = AnnToSnn.convert(model, ConvertOptions.defaults());
        Ensemble readout = network.ensembles().get(network.ensembles().size() - 1);
        assertEquals(NeuronType.READOUT, readout.type());
        // 1,500 units x 3 copies = 4,500 inputs: two parts of 2,250
        assertEquals(2, network.encoding().readoutParts());
        assertEquals(6, readout.n());
        assertEquals(0.0, readout.bias()[3] + readout.bias()[4] + readout.bias()[5], 0.0, "the bias in part 0 only");
    }
}
