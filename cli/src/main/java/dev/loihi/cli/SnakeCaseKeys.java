package dev.loihi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The CLI's JSON speaks snake_case; the compiler's report and image metadata keep the
 * camelCase of their Java records (the image format is not the CLI's to change), so keys are
 * renamed on the way out.
 */
final class SnakeCaseKeys {
    private SnakeCaseKeys() {}

    /** A copy of {@code node} with every object key in snake_case; values are untouched. */
    static JsonNode of(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                copy.set(key(e.getKey()), of(e.getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(v -> copy.add(of(v)));
            return copy;
        }
        return node;
    }

    /** {@code weightRmsError} becomes {@code weight_rms_error}; {@code dtSeconds} {@code dt_seconds}. */
    static String key(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
