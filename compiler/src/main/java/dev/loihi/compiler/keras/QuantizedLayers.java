package dev.loihi.compiler.keras;

import dev.loihi.compiler.CompilerErrors;
import com.fasterxml.jackson.databind.JsonNode;
import dev.loihi.common.LoihiException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The parts of importing quantization-aware layers that do not touch the layer chain's state. */
final class QuantizedLayers {
    /**
     * Convolution and pooling classes the importer does not map (Keras's own Conv1D/Conv2D,
     * depthwise and separable too, QKeras's QConv1D/QConv2D and QAveragePooling2D, and
     * average/max pooling, global too, are imported;
     * docs/KERAS_IMPORT.md).
     */
    private static final Set<String> CONVOLUTION = Set.of("Conv3D", "QDepthwiseConv2D",
            "QSeparableConv2D", "HConv1D", "HConv2D", "PConv2D", "PMaxPooling2D",
            "PAvgPool2D");
    private static final String[] BATCH_NORM_QUANTIZERS = {"gamma", "beta", "moving_mean", "moving_variance"};

    private QuantizedLayers() {}

    /** Names the first convolution or pooling layer of a class not mapped, before any other layer can fail. */
    static void refuseConvolution(ModelSpec spec) {
        for (LayerSpec layer : spec.layers()) {
            if (CONVOLUTION.contains(layer.className())) {
                throw new LoihiException(CompilerErrors.KERAS_UNSUPPORTED_LAYER, "unsupported layer: layer=" + layer.name()
                        + ", class=" + layer.className() + ", reason=this convolution or pooling class does not map"
                        + " to the chip (Conv1D, Conv2D, depthwise and separable convolutions, and average and max pooling do)");
            }
        }
    }

    /** binary_tanh and ternary_tanh: refused with the reason, which the bare list of supported names would not give. */
    static void refuseSignActivation(LayerSpec layer, String name) {
        if (name.equals("binary_tanh") || name.equals("ternary_tanh")) {
            throw new LoihiException(CompilerErrors.KERAS_UNSUPPORTED_LAYER, "unsupported activation: layer=" + layer.name()
                    + ", class=" + layer.className() + ", activation=" + name + ", reason=a sign-valued step at 0"
                    + " has no rate code: a rate cannot be negative, and a rate neuron resolves the step only to"
                    + " 1/steps, so inputs near the step flip sign in the next layer");
        }
    }

    /** True when an activation config value names a QKeras quantizer rather than a Keras activation. */
    static boolean isQuantizer(JsonNode activation) {
        if (activation == null || activation.isNull()) {
            return false;
        }
        String name = activation.isObject() ? activation.path("class_name").asText("") : activation.asText("");
        return name.startsWith("quantized_");
    }

    /**
     * A QBatchNormalization's parameters through its quantizers (QKeras quantizes gamma, beta
     * and the moving statistics before use); a plain BatchNormalization's unchanged.
     */
    static Map<String, Tensor> batchNormQuantized(LayerSpec layer, Map<String, Tensor> tensors) {
        if (!layer.is("QBatchNormalization")) {
            return tensors;
        }
        Map<String, Tensor> out = new LinkedHashMap<>(tensors);
        for (String role : BATCH_NORM_QUANTIZERS) {
            String key = (role.startsWith("moving_") ? role.substring("moving_".length()) : role) + "_quantizer";
            TensorQuantizer q = QKerasQuantizers.weights(QuantizerConfig.of(layer.config().get(key), layer, key),
                    layer, key);
            Tensor t = out.get(role);
            if (q != null && t != null) {
                out.put(role, new Tensor(t.name(), t.shape(), q.quantize(t.values(), t.shape())));
            }
        }
        return out;
    }

    /** gamma / sqrt(variance + eps) through a QBatchNormalization's inverse_quantizer, if it has one. */
    static double batchNormInverse(LayerSpec layer, double inverse) {
        if (!layer.is("QBatchNormalization")) {
            return inverse;
        }
        String key = "inverse_quantizer";
        QuantizerConfig config = QuantizerConfig.of(layer.config().get(key), layer, key);
        if (config == null) {
            return inverse;
        }
        TensorQuantizer q = QKerasQuantizers.weights(config, layer, key);
        return q.quantize(new double[] {inverse}, new int[] {1})[0];
    }
}
