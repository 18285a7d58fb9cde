package dev.loihi.compiler.convert;

import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.keras.ValueQuantizer;

/**
 * Scales for a model with quantized weights. A weight reaches the chip as W x lambda_{l-1} /
 * lambda_l (times powers of two), so when every lambda is a power of two, a weight that is an
 * integer times a power of two stays one, and the discretizer can hold it exactly. Each scale
 * goes to the nearest power of two (in log scale), but no higher than the power of two at or
 * above the layer's output quantizer's largest value, which no activation exceeds.
 */
final class QuantizedScales {
    private QuantizedScales() {}

    static boolean applies(AnnModel model) {
        return model.layers().stream().anyMatch(l -> l.quantizers().quantizedWeights());
    }

    static LayerScales powersOfTwo(AnnModel model, LayerScales scales) {
        double[] hidden = scales.hidden();
        for (int l = 0; l < hidden.length; l++) {
            double snapped = nearest(hidden[l]);
            ValueQuantizer out = model.layers().get(l).quantizers().afterActivation();
            if (out != null && out.maxOutput() > 0 && Double.isFinite(out.maxOutput())) {
                snapped = Math.min(snapped, ceiling(out.maxOutput()));
            }
            hidden[l] = snapped;
        }
        return new LayerScales(nearest(scales.input()), hidden, scales.dataBased());
    }

    static boolean quantized(DenseLayer layer) {
        return layer.quantizers().quantizedWeights();
    }

    private static double nearest(double x) {
        return Math.scalb(1.0, (int) Math.rint(Math.log(x) / Math.log(2)));
    }

    private static double ceiling(double x) {
        return Math.scalb(1.0, (int) Math.ceil(Math.log(x) / Math.log(2) - 1e-12));
    }
}
