package dev.loihi.compiler.convert;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.Fixtures;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.BalancedRows;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.keras.FloatModel;
import dev.loihi.compiler.keras.KerasImporter;
import dev.loihi.compiler.net.Network;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Where the converted QKeras jet tagger departs from its quantized float model, layer by layer
 * (docs/KERAS_IMPORT.md, "On the chip: value quantizers"): the rate each hidden unit carries in
 * {@link RateSimulation} (the chip's timing, copies and reset, not its integer rounding), decoded
 * as its copies' summed count / (replicas x (steps - l)) x lambda_l, against the quantized
 * activation, in quanta; beside it the gap of the unrounded, clipped activation, which is what
 * the rounding alone accounts for. A measurement, opt-in ({@code -Dloihi.quantized.gap=true},
 * about a minute): it prints the table and checks the finding the page draws from it, that the
 * rate code's own resolution costs more than the missing rounding.
 */
class QuantizedLayerGapTest {
    private static final long[] SEEDS = {17, 29, 41};
    private static final int INPUTS = 1000;

    @Test
    void shouldShowTheRateCodeGapPerLayerAgainstTheRoundingGap() {
        Assumptions.assumeTrue(Boolean.getBoolean("loihi.quantized.gap"), "opt-in: -Dloihi.quantized.gap=true");
        Optional<Path> json = Fixtures.find("keras_quantized/qkeras_3layer.json");
        Optional<Path> weights = Fixtures.find("keras_quantized/qkeras_3layer_weights.h5");
        Assumptions.assumeTrue(json.isPresent() && weights.isPresent(), "fixture absent");
        AnnModel model = KerasImporter.load(json.get(), weights.get());
        int hidden = model.layers().size() - 1;
        for (int l = 0; l < hidden; l++) {
            Assumptions.assumeTrue(model.layers().get(l).quantizers().afterActivation().describe().equals("quantized_relu(6,0)"));
        }
        for (long seed : SEEDS) {
            double[][] x = BalancedRows.of(model, INPUTS, seed);
            List<double[][]> reference = FloatModel.layerOutputs(model, x);
            ConvertOptions options = ConvertOptions.defaults().withCalibration(x);
            Network net = AnnToSnn.convert(model, options);
            double[] lambda = QuantizedScales.powersOfTwo(LinearMerge.merge(model), AnnToSnn.scales(model, options)).hidden();
            int copies = options.replicaCount();
            for (int steps : new int[] {50, 200}) {
                double[] rateGap = new double[hidden];
                double[] roundingGap = new double[hidden];
                int same = 0;
                for (int s = 0; s < x.length; s++) {
                    Map<String, double[]> counts = new HashMap<>();
                    double[] z = RateSimulation.run(net, x[s], steps, counts);
                    same += argmax(z) == argmax(reference.get(hidden)[s]) ? 1 : 0;
                    double[] in = x[s];
                    for (int l = 0; l < hidden; l++) {
                        DenseLayer layer = model.layers().get(l);
                        // quantized_relu(6,0) on every hidden layer: a quantum of 1/64.
                        double quantum = 1 / 64.0;
                        double clip = layer.quantizers().afterActivation().maxOutput();
                        double[] unrounded = FloatModel.apply(layer.activation(), FloatModel.affine(layer, in));
                        double[] count = counts.get(layer.name());
                        for (int j = 0; j < layer.units(); j++) {
                            double k = 0;
                            for (int c = 0; c < copies; c++) {
                                k += count[j * copies + c];
                            }
                            double want = reference.get(l)[s][j];
                            rateGap[l] += Math.abs(k / (copies * (steps - (l + 1.0))) * lambda[l] - want) / quantum;
                            roundingGap[l] += Math.abs(Math.min(unrounded[j], clip) - want) / quantum;
                        }
                        in = reference.get(l)[s];
                    }
                }
                StringBuilder line = new StringBuilder(String.format("seed %d, %d steps: agreement %.3f;", seed, steps,
                        same / (double) x.length));
                for (int l = 0; l < hidden; l++) {
                    double n = (double) x.length * model.layers().get(l).units();
                    line.append(String.format(" %s rate %.3f q, rounding %.3f q;", model.layers().get(l).name(),
                            rateGap[l] / n, roundingGap[l] / n));
                    assertTrue(rateGap[l] > roundingGap[l], line.toString());
                }
                System.out.println(line);
            }
        }
    }

    /** Standard-normal inputs kept while their float class has room, as the CLI's BalancedInputs draws them. */
    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            best = v[i] > v[best] ? i : best;
        }
        return best;
    }
}
