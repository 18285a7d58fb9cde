package dev.loihi.compiler.convert;

import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.ConvGeometry;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.net.Weights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Folds every hidden layer without activation into the layer after it: {@code (x W1 + b1) W2 +
 * b2 = x (W1 W2) + (b1 W2 + b2)}. A spiking neuron cannot carry a negative value, so a linear
 * hidden layer has no spiking counterpart; after this pass every hidden layer is a ReLU. The
 * merged layer keeps the name of the later layer and its pre-activation and output quantizers;
 * an average pool folded into the convolution after it makes that convolution's window wider
 * ({@link ConvGeometry#after}). Last, a dense layer that reads more inputs than a core has axons
 * is split in two ({@link WideLayers}).
 */
final class LinearMerge {
    private LinearMerge() {}

    static AnnModel merge(AnnModel model) {
        List<DenseLayer> out = new ArrayList<>();
        DenseLayer carry = null;
        for (DenseLayer layer : model.layers()) {
            DenseLayer next = carry == null ? layer : compose(carry, layer);
            carry = null;
            if (next.activation() == Activation.LINEAR && layer != model.outputLayer()) {
                carry = next;
            } else {
                out.add(next);
            }
        }
        // a layer no core holds the inputs of is split in two (WideLayers)
        return WideLayers.split(new AnnModel(model.name(), model.inputSize(), out));
    }

    /** A pool folded into the window layer after it is one wider window; anything else is dense. */
    private static ConvGeometry window(DenseLayer first, DenseLayer second) {
        ConvGeometry a = first.window();
        ConvGeometry b = second.window();
        boolean chained = a != null && b != null && a.outChannels() == b.inChannels()
                && Arrays.equals(a.outSize(), b.inSize());
        return chained ? b.after(a) : null;
    }

    private static DenseLayer compose(DenseLayer first, DenseLayer second) {
        Weights kernel = first.weights().times(second.weights());
        double[] bias = second.bias().clone();
        Weights w = second.weights();
        for (int m = 0; m < first.units(); m++) {
            double b = first.bias()[m];
            for (int k = w.start(m); k < w.start(m + 1); k++) {
                bias[w.column(k)] += b * w.value(k);
            }
        }
        // the later layer's pre-activation and output are the merged layer's: their quantizers stay
        // (a QKeras ReLU cap after a max pool's sum clips there); its weights are products now, off their grid
        return new DenseLayer(second.name(), kernel, bias, second.activation(), second.quantizers().ofSum(),
                window(first, second));
    }
}
