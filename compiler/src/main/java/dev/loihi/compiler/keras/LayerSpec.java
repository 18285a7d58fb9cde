package dev.loihi.compiler.keras;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One layer of a Keras model config, in chain order.
 *
 * @param className the Keras class ({@code Dense}, {@code Dropout}, ...), or the registered name
 *     of a custom class
 * @param config the layer's own {@code config} object
 */
record LayerSpec(String name, String className, JsonNode config) {
    boolean is(String kerasClass) {
        return className.equals(kerasClass);
    }

    boolean flag(String key, boolean fallback) {
        JsonNode v = config.get(key);
        return v == null || v.isNull() ? fallback : v.asBoolean(fallback);
    }
}
