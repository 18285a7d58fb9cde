package dev.loihi.compiler.keras;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompilerErrors;

/** Reads a ZeroPadding1D/2D layer's {@code padding}: per spatial axis, the zeros before and after. */
final class ZeroPadding {
    private ZeroPadding() {}

    /**
     * Keras's forms: one int (every side); per axis one int (both sides of it); per axis a pair
     * (before, after); and for ZeroPadding1D one pair (before, after) of its only axis.
     */
    static int[][] of(LayerSpec layer, int rank) {
        JsonNode v = layer.config().get("padding");
        int[][] pads = new int[rank][2];
        if (v != null && v.canConvertToInt() && !v.isArray()) {
            for (int[] axis : pads) {
                axis[0] = side(layer, v);
                axis[1] = axis[0];
            }
            return pads;
        }
        if (v != null && v.isArray() && rank == 1 && v.size() == 2 && !v.get(0).isArray()) {
            pads[0][0] = side(layer, v.get(0));
            pads[0][1] = side(layer, v.get(1));
            return pads;
        }
        if (v == null || !v.isArray() || v.size() != rank) {
            throw malformed(layer, v, rank);
        }
        for (int d = 0; d < rank; d++) {
            JsonNode axis = v.get(d);
            if (axis.isArray() && axis.size() == 2) {
                pads[d][0] = side(layer, axis.get(0));
                pads[d][1] = side(layer, axis.get(1));
            } else if (!axis.isArray()) {
                pads[d][0] = side(layer, axis);
                pads[d][1] = pads[d][0];
            } else {
                throw malformed(layer, v, rank);
            }
        }
        return pads;
    }

    private static int side(LayerSpec layer, JsonNode v) {
        if (v == null || !v.canConvertToInt() || v.asInt() < 0) {
            throw malformed(layer, layer.config().get("padding"), -1);
        }
        return v.asInt();
    }

    private static LoihiException malformed(LayerSpec layer, JsonNode v, int rank) {
        return new LoihiException(CompilerErrors.KERAS_BAD_CONFIG, "malformed padding: layer=" + layer.name() + ", padding="
                + v + (rank > 0 ? ", rank=" + rank : ""));
    }
}
