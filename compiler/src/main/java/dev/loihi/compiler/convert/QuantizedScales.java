package dev.loihi.compiler.convert;

import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.keras.ValueQuantizer;

/**
 * Scales for a model with quantized weights. A weight reaches the chip as W x lambda_{l-1} /
 * lambda_l (times powers of two), so when every lambda is a power of two, a weight that is an
 * integer times a power of two stays one, and the discretizer can hold it exactly. Each scale
 * goes up to the next power of two (down would clip activations the float model keeps), but
 * no higher than the power of two at or above the layer's output quantizer's largest value,
 * which no activation exceeds.
 */
final class QuantizedScales {
    private QuantizedScales() {}

    static boolean applies(AnnModel model) {
        return model.layers().stream().anyMatch(l -> l.quantizers().quantizedWeights());
    }

    static LayerScales powersOfTwo(AnnModel model, LayerScales scales) {
        double[] hidden = scales.hidden();
        for (int l = 0; l < hidden.length; l++) {
            ValueQuantizer out = model.layers().get(l).quantizers().afterActivation();
            boolean bounded = out != null && out.maxOutput() > 0 && Double.isFinite(out.maxOutput());
            // a ReLU6's cap is where the model clips: a power of two above it would pass what it cuts
            hidden[l] = model.layers().get(l).activation().capScale(bounded ? ceiling(out.maxOutput())
                    : ceiling(hidden[l]));
        }
        return new LayerScales(ceiling(scales.input()), hidden, scales.dataBased());
    }

    static boolean quantized(DenseLayer layer) {
        return layer.quantizers().quantizedWeights();
    }

    private static double ceiling(double x) {
        return Math.scalb(1.0, (int) Math.ceil(Math.log(x) / Math.log(2) - 1e-12));
    }
}
