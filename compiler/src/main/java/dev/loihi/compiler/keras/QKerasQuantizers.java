package dev.loihi.compiler.keras;

import dev.loihi.compiler.CompilerErrors;
import com.fasterxml.jackson.databind.JsonNode;
import dev.loihi.common.LoihiException;

/**
 * Builds the quantizers a QKeras layer config names. Supported: {@code quantized_bits} (any
 * alpha: a number, None, "auto", "auto_po2"), {@code quantized_po2} and, as activations,
 * {@code quantized_relu} and {@code quantized_bits}. Settings that change only training
 * (stochastic rounding) are ignored; ones that change inference and have no mapping here
 * (qnoise_factor other than 1, sigmoid or negative slope in quantized_relu) are refused.
 */
final class QKerasQuantizers {
    static final String SUPPORTED_WEIGHTS = "quantized_bits,quantized_po2";
    static final String SUPPORTED_ACTIVATIONS = "quantized_relu,quantized_bits,quantized_po2";

    private QKerasQuantizers() {}

    /** The quantizer of a weight tensor, or null when {@code config} is null. */
    static TensorQuantizer weights(QuantizerConfig config, LayerSpec layer, String key) {
        if (config == null) {
            return null;
        }
        requireFullNoise(config, layer, key);
        return switch (config.name()) {
            case "quantized_bits" -> bits(config, layer, key);
            case "quantized_po2" -> po2(config, layer, key);
            default -> throw unsupported(layer, key, config.name(), SUPPORTED_WEIGHTS);
        };
    }

    /** The quantizer of a QActivation (or of a QDense's activation). */
    static ValueQuantizer activation(QuantizerConfig config, LayerSpec layer, String key) {
        requireFullNoise(config, layer, key);
        return switch (config.name()) {
            case "quantized_relu" -> relu(config, layer, key);
            case "quantized_bits" -> {
                QuantizedBits q = bits(config, layer, key);
                if (!q.fixedScale()) {
                    throw new LoihiException(CompilerErrors.KERAS_UNSUPPORTED_LAYER, "quantized_bits with an automatic alpha"
                            + " scales each batch of activations differently: layer=" + layer.name() + ", class="
                            + layer.className() + ", key=" + key + ", quantizer=" + q.describe());
                }
                yield q;
            }
            case "quantized_po2" -> po2(config, layer, key);
            default -> throw unsupported(layer, key, config.name(), SUPPORTED_ACTIVATIONS);
        };
    }

    private static QuantizedBits bits(QuantizerConfig c, LayerSpec layer, String key) {
        int bits = c.integer("bits", 8);
        int integer = c.integer("integer", 0);
        boolean symmetric = c.flag("symmetric", false);
        boolean keepNegative = c.flag("keep_negative", true);
        JsonNode alpha = c.get("alpha");
        double fixed = Double.NaN;
        boolean po2 = false;
        if (alpha == null || alpha.isNull()) {
            fixed = 1.0;
        } else if (alpha.isTextual()) {
            String a = alpha.asText();
            if (!a.equals("auto") && !a.equals("auto_po2")) {
                throw new LoihiException(CompilerErrors.KERAS_UNSUPPORTED_LAYER, "unknown alpha of quantized_bits: layer="
                        + layer.name() + ", class=" + layer.className() + ", key=" + key + ", alpha=" + a
                        + ", supported=number,None,auto,auto_po2");
            }
            po2 = a.equals("auto_po2");
            if (!symmetric) {
                // QKeras asserts this too: its automatic scales are for symmetric quantizers only.
                throw new LoihiException(CompilerErrors.KERAS_UNSUPPORTED_LAYER, "alpha " + a + " needs symmetric=1: layer="
                        + layer.name() + ", class=" + layer.className() + ", key=" + key);
            }
        } else if (alpha.isNumber()) {
            fixed = alpha.asDouble();
        } else {
            throw new LoihiException(CompilerErrors.KERAS_UNSUPPORTED_LAYER, "per-channel alpha arrays are not read: layer="
                    + layer.name() + ", class=" + layer.className() + ", key=" + key + ", alpha=" + alpha);
        }
        for (String setting : new String[] {"scale_axis", "elements_per_scale", "min_po2_exponent", "max_po2_exponent"}) {
            if (!c.isNull(setting)) {
                throw new LoihiException(CompilerErrors.KERAS_UNSUPPORTED_LAYER, "quantized_bits setting not supported: layer="
                        + layer.name() + ", class=" + layer.className() + ", key=" + key + ", setting=" + setting);
            }
        }
        if (bits < 1 || bits > 32 || integer < -32 || integer > 32) {
            throw new LoihiException(CompilerErrors.KERAS_BAD_CONFIG, "quantized_bits widths out of range: layer=" + layer.name()
                    + ", key=" + key + ", bits=" + bits + ", integer=" + integer);
        }
        return new QuantizedBits(bits, integer, symmetric, keepNegative, fixed, po2);
    }

    private static QuantizedPo2 po2(QuantizerConfig c, LayerSpec layer, String key) {
        int bits = c.integer("bits", 8);
        double max = c.isNull("max_value") ? Double.NaN : c.number("max_value", Double.NaN);
        JsonNode rounding = c.get("log2_rounding");
        String mode = rounding == null || rounding.isNull() ? "rnd" : rounding.asText();
        if (!mode.equals("rnd") && !mode.equals("floor")) {
            throw new LoihiException(CompilerErrors.KERAS_UNSUPPORTED_LAYER, "quantized_po2 log2_rounding not supported: layer="
                    + layer.name() + ", key=" + key + ", log2_rounding=" + mode + ", supported=rnd,floor");
        }
        if (bits < 2 || bits > 16 || (!Double.isNaN(max) && !(max > 0))) {
            throw new LoihiException(CompilerErrors.KERAS_BAD_CONFIG, "quantized_po2 settings out of range: layer=" + layer.name()
                    + ", key=" + key + ", bits=" + bits + ", max_value=" + max);
        }
        return new QuantizedPo2(bits, max, c.flag("quadratic_approximation", false), mode.equals("floor"));
    }

    private static QuantizedRelu relu(QuantizerConfig c, LayerSpec layer, String key) {
        if (c.flag("use_sigmoid", false) || c.number("negative_slope", 0) != 0) {
            throw new LoihiException(CompilerErrors.KERAS_UNSUPPORTED_LAYER, "quantized_relu with sigmoid or negative slope has"
                    + " no spiking counterpart (rates are never negative): layer=" + layer.name() + ", class="
                    + layer.className() + ", key=" + key);
        }
        int bits = c.integer("bits", 8);
        int integer = c.integer("integer", 0);
        if (bits < 1 || bits > 32 || integer < -32 || integer > 32) {
            throw new LoihiException(CompilerErrors.KERAS_BAD_CONFIG, "quantized_relu widths out of range: layer=" + layer.name()
                    + ", key=" + key + ", bits=" + bits + ", integer=" + integer);
        }
        boolean quantizedClip = c.flag("is_quantized_clip", true);
        double bound = !quantizedClip && !c.isNull("relu_upper_bound") ? c.number("relu_upper_bound", 0) : Double.NaN;
        return new QuantizedRelu(bits, integer, bound);
    }

    private static void requireFullNoise(QuantizerConfig c, LayerSpec layer, String key) {
        double noise = c.number("qnoise_factor", 1.0);
        if (noise != 1.0) {
            throw new LoihiException(CompilerErrors.KERAS_UNSUPPORTED_LAYER, "qnoise_factor other than 1 mixes float and quantized"
                    + " values: layer=" + layer.name() + ", class=" + layer.className() + ", key=" + key
                    + ", qnoise_factor=" + noise);
        }
    }

    private static LoihiException unsupported(LayerSpec layer, String key, String name, String supported) {
        return new LoihiException(CompilerErrors.KERAS_UNSUPPORTED_LAYER, "unsupported quantizer: layer=" + layer.name()
                + ", class=" + layer.className() + ", key=" + key + ", quantizer=" + name + ", supported=" + supported);
    }
}
