package dev.loihi.compiler.discretize;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.Fixtures;
import dev.loihi.compiler.convert.AnnToSnn;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.KerasImporter;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.compiler.report.Diagnostics;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The converted jet tagger's copies (4 input axons per sign, 3 replicas per unit) rounded by
 * their sum: every layer's effective weight error stays within 1%, at the leak {@link LeakBalance}
 * picks (16/4096 or 32/4096 here; at 32/4096 where rounding each synapse alone cost
 * 1.2-1.8%; docs/CONVERSION.md).
 */
class JetTaggerPrecisionTest {
    private static final double MAX_RMS = 0.01;

    @Test
    void shouldKeepTheEffectiveWeightErrorOfEveryLayerWithinTheTarget() {
        Optional<Path> json = Fixtures.find("keras/KERAS_3layer.json");
        Optional<Path> weights = Fixtures.find("keras/KERAS_3layer_weights.h5");
        Assumptions.assumeTrue(json.isPresent() && weights.isPresent());
        AnnModel model = KerasImporter.load(json.get(), weights.get());
        Random random = new Random(2);
        double[][] calibration = new double[500][16];
        for (double[] row : calibration) {
            for (int i = 0; i < row.length; i++) {
                row[i] = random.nextGaussian();
            }
        }
        Network net = AnnToSnn.convert(model, ConvertOptions.defaults().withCalibration(calibration));
        NetworkChecker.check(net);
        DiscreteNetwork d = new Discretizer(new Diagnostics()).discretize(net);
        for (int b = 0; b < d.blocks().size(); b++) {
            DiscreteBlock block = d.blocks().get(b);
            LayerPrecision p = d.precision().get(b);
            if (block.type() == NeuronType.SUBTRACTIVE_RELU) {
                assertTrue(block.decayU() == 15 || block.decayU() == 31, block.name() + " " + block.decayU());
            }
            if (block.type() != NeuronType.ALWAYS_ON) {
                assertTrue(p.weightRmsError() <= MAX_RMS, block.name() + " " + p.weightRmsError());
            }
        }
    }
}
