package dev.loihi.compiler.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jhdf.HdfFile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three convolutional hls4ml models (keras_conv) import with the shapes Keras gives them. */
class ConvFixtureImportTest {
    @Test
    void shouldImportTheConv1DModel() {
        AnnModel model = KerasFixtures.loadConv(KerasFixtures.CONV1D);
        assertEquals(40, model.inputSize());
        assertEquals(List.of(30, 20, 10, 5, 5), units(model));
        assertEquals("4/1 10x4->10x3", model.layers().get(0).window().describe());
        assertEquals("4/1 10x2->10x1", model.layers().get(2).window().describe());
        assertNull(model.layers().get(3).window());
    }

    @Test
    void shouldImportTheConv2DModel() {
        AnnModel model = KerasFixtures.loadConv(KerasFixtures.CONV2D);
        assertEquals(64, model.inputSize());
        assertEquals(List.of(128, 10), units(model));
        assertEquals(Activation.SOFTMAX, model.outputLayer().activation());
    }

    @Test
    void shouldImportTheStridedJetTagger() {
        AnnModel model = KerasFixtures.loadConv(KerasFixtures.JET_CONV2D);
        assertEquals(625, model.inputSize());
        // 25 -> ceil(25/3) = 9 with stride 3, then ceil(9/2) = 5 with stride 2, both "same"
        assertEquals(List.of(405, 50, 10, 5), units(model));
        assertEquals("3x3/3x3 25x25x1->9x9x5", model.layers().get(0).window().describe());
        assertEquals("5x5/2x2 9x9x5->5x5x2", model.layers().get(1).window().describe());
    }

    /** An interior output of the first jet layer reads the Keras kernel cell by cell. */
    @Test
    void shouldPlaceTheKerasKernelAtEveryOutputPosition() {
        AnnModel model = KerasFixtures.loadConv(KerasFixtures.JET_CONV2D);
        DenseLayer conv = model.layers().get(0);
        try (HdfFile raw = new HdfFile(KerasFixtures.convWeights(KerasFixtures.JET_CONV2D))) {
            String name = conv.name();
            float[][][][] kernel = (float[][][][]) raw.getDatasetByPath(name + "/" + name + "/kernel:0").getData();
            // "same" with stride 3 on 25 pads (9-1)*3+3-25 = 2 cells, 1 before: output (4, 5) starts at input (11, 14)
            int oy = 4;
            int ox = 5;
            for (int ky = 0; ky < 3; ky++) {
                for (int kx = 0; kx < 3; kx++) {
                    int in = (oy * 3 - 1 + ky) * 25 + (ox * 3 - 1 + kx);
                    for (int f = 0; f < 5; f++) {
                        assertEquals(kernel[ky][kx][0][f], conv.kernel()[in][(oy * 9 + ox) * 5 + f], 0.0);
                    }
                }
            }
        }
    }

    private static List<Integer> units(AnnModel model) {
        return model.layers().stream().map(DenseLayer::units).toList();
    }
}
