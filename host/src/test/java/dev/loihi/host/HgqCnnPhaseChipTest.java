package dev.loihi.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.Fixtures;
import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.io.DigitImages;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.FloatModel;
import dev.loihi.compiler.keras.KerasImporter;
import dev.loihi.compiler.phase.CnnPhasePlan;
import dev.loihi.compiler.phase.Coding;
import dev.loihi.compiler.phase.InputRange;
import dev.loihi.image.ChipLimits;
import dev.loihi.image.Image;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The HGQ MNIST CNN's phase code on the chip (docs/CONVERSION.md, "Phase code for quantized
 * CNNs", sessions 10 and 11): at input range [0, 1] it fits one chip, and the emulator's
 * readouts, its second convolution read through shared lists, equal the integer plan's and the
 * quantized float model's on raw digits (the model quantizes its input; the encoder counts its
 * levels). About 25 s.
 */
class HgqCnnPhaseChipTest {
    private static final String FIXTURE = "keras_quantized/hgq_mnist_homogeneous.h5";

    @Test
    void shouldFitOneChipAndReadThePlanExactly() {
        Optional<Path> file = Fixtures.find(FIXTURE);
        Assumptions.assumeTrue(file.isPresent(), "fixture absent: " + FIXTURE);
        AnnModel model = KerasImporter.load(file.get(), null);
        Image image = Workload.compile(model, null, ConvertOptions.defaults(), CompileOptions.defaults(), Coding.PHASE,
                new InputRange(0, 1)).image();
        assertEquals(1, image.chips());
        assertTrue(image.cores().size() <= ChipLimits.CORES_PER_CHIP, "cores=" + image.cores().size());
        assertTrue(image.cores().stream().anyMatch(c -> c.inputAxons().stream().anyMatch(a -> a.isPopulation())),
                "some layer reads through shared lists");
        ImageInfo info = ImageInfo.of(image);
        // the model quantizes its input (ufixed<5,1,RND>): the encoder counts its levels, any digit is exact
        assertEquals(1.0 / 16, info.phase().inputStep());
        CnnPhasePlan plan = CnnPhasePlan.of(model, info.phase().inputStep(), info.phase().maxCount(), 0, 1);
        double[][] x = DigitImages.draw(8, 5);
        double[][] reference = FloatModel.predict(model, x);
        double[][] y = new EmulatorPredictor().readout(image, x, info.phase().pipelineSteps());
        for (int i = 0; i < x.length; i++) {
            assertArrayEquals(plan.output(x[i]), y[i], 0.0, "digit " + i);
            assertArrayEquals(reference[i], y[i], 0.0, "digit " + i);
        }
    }
}
