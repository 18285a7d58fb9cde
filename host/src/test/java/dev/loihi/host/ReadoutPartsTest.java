package dev.loihi.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.calibrate.CalibrationSearch;
import dev.loihi.compiler.calibrate.Predictor;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.FloatModel;
import dev.loihi.image.Image;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A readout over 1,500 hidden units, three copies each: 4,500 inputs, past a core's 4,096 axons.
 * It is cut into two parts by its inputs and the host sums them: the image compiles, and the
 * chip's classes are the float model's.
 */
class ReadoutPartsTest {
    private static Image image(double[][] x, Random r) {
        AnnModel model = new AnnModel("wide", 5, List.of(SmallNetworks.dense("h", 5, 1500, Activation.RELU, r),
                SmallNetworks.dense("out", 1500, 3, Activation.SOFTMAX, r)));
        ConvertOptions options = ConvertOptions.defaults().withCalibration(x).withPercentile(99.9);
        Predictor never = (image, rows, steps) -> {
            throw new AssertionError("a forced percentile runs nothing");
        };
        return CalibrationSearch.convert(model, options, CompileOptions.defaults(), never).compiled().image();
    }

    @Test
    void shouldSumAReadoutWiderThanACoreOverItsParts() {
        Random r = new Random(18);
        double[][] x = SmallNetworks.inputs(40, 5, r);
        Random weights = new Random(19);
        Image image = image(x, weights);
        ImageInfo info = ImageInfo.of(image);
        assertEquals(2, info.readoutParts());
        assertEquals(3, info.readoutSize());
        assertEquals(6, image.outputs().get(info.readoutPort()).size());
        double[][] chip = new EmulatorPredictor().readouts(image, x, new int[] {200})[0];
        double[][] expected = FloatModel.predict(rebuilt(), x);
        int same = 0;
        for (int i = 0; i < x.length; i++) {
            same += Evaluation.argmax(chip[i]) == Evaluation.argmax(expected[i]) ? 1 : 0;
        }
        assertTrue(same >= 36, "agreement " + same + " of " + x.length);
    }

    /** The model {@link #image} compiled, drawn again from the same seed. */
    private static AnnModel rebuilt() {
        Random weights = new Random(19);
        return new AnnModel("wide", 5, List.of(SmallNetworks.dense("h", 5, 1500, Activation.RELU, weights),
                SmallNetworks.dense("out", 1500, 3, Activation.SOFTMAX, weights)));
    }

    @Test
    void shouldRefuseDamagedParts() {
        Random r = new Random(20);
        double[][] x = SmallNetworks.inputs(4, 5, r);
        Image image = image(x, r);
        for (String bad : new String[] {"0", "4", "\"two\"", "1.5"}) {
            Image damaged = new Image(image.chips(), image.cores(), image.inputs(), image.outputs(),
                    image.metadata().replace("\"readoutParts\":2", "\"readoutParts\":" + bad));
            LoihiException e = assertThrows(LoihiException.class, () -> ImageInfo.of(damaged), bad);
            assertEquals(HostErrors.IMAGE_METADATA, e.code());
            assertTrue(e.getMessage().contains("readoutParts=" + bad), e.getMessage());
        }
    }
}
