package dev.loihi.compiler.convert;

import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.ConvGeometry;
import dev.loihi.compiler.keras.DenseLayer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Folds every hidden layer without activation into the layer after it: {@code (x W1 + b1) W2 +
 * b2 = x (W1 W2) + (b1 W2 + b2)}. A spiking neuron cannot carry a negative value, so a linear
 * hidden layer has no spiking counterpart; after this pass every hidden layer is a ReLU. The
 * merged layer keeps the name of the later layer; an average pool folded into the convolution
 * after it makes that convolution's window wider ({@link ConvGeometry#after}).
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
        return new AnnModel(model.name(), model.inputSize(), out);
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
        int in = first.inputSize();
        int mid = first.units();
        int units = second.units();
        double[][] kernel = new double[in][units];
        for (int i = 0; i < in; i++) {
            for (int m = 0; m < mid; m++) {
                double w = first.kernel()[i][m];
                if (w == 0.0) {
                    continue;
                }
                for (int j = 0; j < units; j++) {
                    kernel[i][j] += w * second.kernel()[m][j];
                }
            }
        }
        double[] bias = second.bias().clone();
        for (int m = 0; m < mid; m++) {
            for (int j = 0; j < units; j++) {
                bias[j] += first.bias()[m] * second.kernel()[m][j];
            }
        }
        return new DenseLayer(second.name(), kernel, bias, second.activation(), window(first, second));
    }
}
