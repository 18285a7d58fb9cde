package dev.loihi.compiler.keras;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.LoihiException;
import java.util.List;
import java.util.Map;

/** Reads an HGQ {@code FixedPointQuantizer} layer: its stored bit widths and its RND and SAT modes. */
final class HgqQuantizers {
    /** The layer's variables in creation order (hgq/proxy/fixed_point_quantizer.py). */
    static final List<String> ROLES = List.of("keep_negative", "bits", "integers");

    private HgqQuantizers() {}

    /** @param width the number of values the quantizer sees (the layer before it, or the input) */
    static FixedPointQuantizer read(LayerSpec layer, Map<String, Tensor> tensors, int width) {
        int[] k = ints(layer, tensors.get("keep_negative"), width);
        int[] b = ints(layer, tensors.get("bits"), width);
        int[] i = ints(layer, tensors.get("integers"), width);
        if (k.length != b.length || b.length != i.length) {
            throw new LoihiException(CompilerErrors.KERAS_SHAPE_MISMATCH, "FixedPointQuantizer tensors differ in shape: layer="
                    + layer.name() + ", keep_negative=" + k.length + ", bits=" + b.length + ", integers=" + i.length);
        }
        for (int e = 0; e < b.length; e++) {
            if ((k[e] != 0 && k[e] != 1) || b[e] < 0 || b[e] > 32 || Math.abs(i[e]) > 64) {
                throw new LoihiException(CompilerErrors.KERAS_BAD_CONFIG, "FixedPointQuantizer bit widths out of range: layer="
                        + layer.name() + ", index=" + e + ", keep_negative=" + k[e] + ", bits=" + b[e] + ", integers=" + i[e]);
            }
        }
        String rnd = layer.config().path("RND").asText("TRN");
        String sat = layer.config().path("SAT").asText("WRAP");
        FixedPointQuantizer.Rounding rounding;
        FixedPointQuantizer.Overflow overflow;
        try {
            rounding = FixedPointQuantizer.Rounding.valueOf(rnd);
            overflow = FixedPointQuantizer.Overflow.valueOf(sat);
        } catch (IllegalArgumentException e) {
            throw new LoihiException(CompilerErrors.KERAS_UNSUPPORTED_LAYER, "FixedPointQuantizer mode not supported: layer="
                    + layer.name() + ", class=" + layer.className() + ", RND=" + rnd + ", SAT=" + sat
                    + ", supported=RND:TRN,RND,RND_CONV SAT:WRAP,SAT");
        }
        return new FixedPointQuantizer(k, b, i, rounding, overflow);
    }

    /** One value for all elements, or one per element of a flat layer of {@code width}. */
    private static int[] ints(LayerSpec layer, Tensor t, int width) {
        double[] v = t.values();
        if (v.length != 1 && v.length != width) {
            throw new LoihiException(CompilerErrors.KERAS_SHAPE_MISMATCH, "FixedPointQuantizer bit widths fit neither one value"
                    + " nor the layer width: layer=" + layer.name() + ", tensor=" + t.name() + ", values=" + v.length
                    + ", width=" + width);
        }
        int[] out = new int[v.length];
        for (int e = 0; e < v.length; e++) {
            out[e] = (int) v[e];
        }
        return out;
    }
}
