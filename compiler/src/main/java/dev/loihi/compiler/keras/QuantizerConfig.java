package dev.loihi.compiler.keras;

import dev.loihi.compiler.CompilerErrors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loihi.common.LoihiException;
import java.util.List;
import java.util.Map;

/**
 * A QKeras quantizer as a model config names it: the serialized object {@code {"class_name":
 * "quantized_bits", "config": {...}}} or the string form {@code "quantized_bits(6, 0, alpha=1)"},
 * whose positional arguments follow the quantizer's constructor.
 *
 * @param name the quantizer class, e.g. {@code quantized_relu}
 * @param args its arguments by name (positional ones named after the constructor's parameters)
 */
record QuantizerConfig(String name, JsonNode args) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Constructor parameters in order (qkeras/quantizers.py), for the string form. */
    private static final Map<String, List<String>> POSITIONAL = Map.of(
            "quantized_bits", List.of("bits", "integer", "symmetric", "keep_negative", "alpha", "use_stochastic_rounding"),
            "quantized_relu", List.of("bits", "integer", "use_sigmoid", "negative_slope", "use_stochastic_rounding",
                    "relu_upper_bound", "is_quantized_clip", "qnoise_factor"),
            "quantized_po2", List.of("bits", "max_value", "use_stochastic_rounding", "quadratic_approximation",
                    "log2_rounding", "qnoise_factor"));

    /** The config at {@code value}, or null when the value is null (no quantizer). */
    static QuantizerConfig of(JsonNode value, LayerSpec layer, String key) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isObject()) {
            String name = value.path("class_name").asText("");
            JsonNode config = value.get("config");
            if (name.isEmpty() || config == null || !config.isObject()) {
                throw bad(layer, key, value.toString());
            }
            return new QuantizerConfig(name, config);
        }
        if (value.isTextual()) {
            return parseCall(value.asText().trim(), layer, key);
        }
        throw bad(layer, key, value.toString());
    }

    private static QuantizerConfig parseCall(String text, LayerSpec layer, String key) {
        int open = text.indexOf('(');
        String name = open < 0 ? text : text.substring(0, open).trim();
        ObjectNode args = JSON.createObjectNode();
        if (open >= 0) {
            if (!text.endsWith(")")) {
                throw bad(layer, key, text);
            }
            String inner = text.substring(open + 1, text.length() - 1).trim();
            List<String> names = POSITIONAL.getOrDefault(name, List.of());
            int position = 0;
            for (String part : inner.isEmpty() ? new String[0] : inner.split(",")) {
                String arg = part.trim();
                int eq = arg.indexOf('=');
                String argName;
                String argValue;
                if (eq >= 0) {
                    argName = arg.substring(0, eq).trim();
                    argValue = arg.substring(eq + 1).trim();
                } else {
                    if (position >= names.size()) {
                        throw bad(layer, key, text);
                    }
                    argName = names.get(position++);
                    argValue = arg;
                }
                args.set(argName, literal(argValue, layer, key, text));
            }
        }
        return new QuantizerConfig(name, args);
    }

    /** A Python literal: a number, True/False/None, or a quoted string. */
    private static JsonNode literal(String v, LayerSpec layer, String key, String text) {
        switch (v) {
            case "True" -> { return JSON.getNodeFactory().booleanNode(true); }
            case "False" -> { return JSON.getNodeFactory().booleanNode(false); }
            case "None" -> { return JSON.getNodeFactory().nullNode(); }
            default -> { }
        }
        if (v.length() >= 2 && (v.startsWith("'") && v.endsWith("'") || v.startsWith("\"") && v.endsWith("\""))) {
            return JSON.getNodeFactory().textNode(v.substring(1, v.length() - 1));
        }
        try {
            return JSON.getNodeFactory().numberNode(Double.parseDouble(v));
        } catch (NumberFormatException e) {
            throw bad(layer, key, text);
        }
    }

    double number(String key, double fallback) {
        JsonNode v = args.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isBoolean()) {
            return v.asBoolean() ? 1 : 0;
        }
        return v.asDouble(fallback);
    }

    int integer(String key, int fallback) {
        double v = number(key, fallback);
        return (int) v;
    }

    boolean flag(String key, boolean fallback) {
        JsonNode v = args.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        return v.isBoolean() ? v.asBoolean() : v.asDouble() != 0;
    }

    boolean isNull(String key) {
        JsonNode v = args.get(key);
        return v == null || v.isNull();
    }

    JsonNode get(String key) {
        return args.get(key);
    }

    private static LoihiException bad(LayerSpec layer, String key, String value) {
        return new LoihiException(CompilerErrors.KERAS_BAD_CONFIG, "malformed quantizer: layer=" + layer.name() + ", class="
                + layer.className() + ", key=" + key + ", value=" + value);
    }
}
