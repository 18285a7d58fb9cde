package dev.loihi.compiler.convert;

import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.keras.LayerQuantizers;
import dev.loihi.compiler.keras.ValueQuantizer;
import java.util.HashMap;
import java.util.Map;

/**
 * The bias a layer's neurons get for the rounding of its value quantizers. A spiking neuron
 * carries its pre-activation unrounded, while a quantizer that truncates (HGQ's TRN) lowers it by
 * half a quantum on average: without a correction every unit of such a layer runs high by that
 * much, a systematic error that longer presentations do not average away. Adding the quantizer's
 * mean rounding error ({@link ValueQuantizer#roundingBias}) to the bias makes the rate carry the
 * quantized value on average. For the quantizer after a ReLU the shift goes before the ReLU as
 * well (floor and ReLU commute on a grid that holds 0). When a layer has both a pre-activation and
 * an output quantizer, the larger shift is taken: on nested power-of-two grids the coarser
 * truncation decides the value. Input quantizers are not corrected (they act on the layer below,
 * which a merge may have folded away); round-to-nearest quantizers need nothing.
 */
final class RoundingBias {
    private RoundingBias() {}

    /** Per layer name (as the merge keeps it: the later layer's), the shift of each unit; layers without one are absent. */
    static Map<String, double[]> shifts(AnnModel model) {
        Map<String, double[]> out = new HashMap<>();
        for (DenseLayer layer : model.layers()) {
            LayerQuantizers q = layer.quantizers();
            if (q.beforeActivation() == null && q.afterActivation() == null) {
                continue;
            }
            double[] shift = new double[layer.units()];
            boolean any = false;
            for (int j = 0; j < shift.length; j++) {
                shift[j] = Math.min(bias(q.beforeActivation(), j), bias(q.afterActivation(), j));
                any |= shift[j] != 0.0;
            }
            if (any) {
                out.put(layer.name(), shift);
            }
        }
        return out;
    }

    /** The layer's float bias with its shift added. */
    static double[] of(DenseLayer layer, Map<String, double[]> shifts) {
        double[] bias = layer.bias().clone();
        double[] shift = shifts.get(layer.name());
        for (int j = 0; shift != null && j < bias.length; j++) {
            bias[j] += shift[j];
        }
        return bias;
    }

    private static double bias(ValueQuantizer q, int index) {
        return q == null ? 0.0 : q.roundingBias(index);
    }
}
