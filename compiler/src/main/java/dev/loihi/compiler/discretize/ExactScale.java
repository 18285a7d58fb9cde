package dev.loihi.compiler.discretize;

import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.NeuronType;
import java.util.List;
import java.util.function.DoublePredicate;

/**
 * The scale that keeps a block's quantized weights exact. A quantization-aware layer's weights
 * are integers times a power of two, and the conversion gives them power-of-two factors
 * (convert.QuantizedScales), so at a power-of-two scale each becomes an integer multiple of the
 * chip's weight step once that scale is large enough: the exponent and mantissa then come from
 * the quantizer's grid, not from rounding. Powers of two at and below the searched scale are
 * tried, largest first; the first whose rounding loses nothing and fits every limit wins. When
 * none does (more bits than a synapse holds, per-channel scales folded in), the searched scale
 * stays and the report gives the error.
 */
final class ExactScale {
    /** Scales tried below the searched one: 2^-8 of it at least keeps 64-unit steps meaningful. */
    static final int MAX_HALVINGS = 8;
    /** A binding-limit label that says the scale was chosen for exactness. */
    static final String BINDING = "exact quantized weights";

    private ExactScale() {}

    /** True when a connection other than the synthesized bias input carries quantized weights. */
    static boolean wanted(List<Connection> in, int biasInput) {
        for (int k = 0; k < in.size(); k++) {
            if (k != biasInput && in.get(k).quantized()) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param searched the scale the limits allow ({@link ScaleSearch})
     * @param exact    rounds the block at a scale and says whether nothing was lost and it fits
     * @return the largest exact power-of-two scale (a whole threshold mantissa for spiking blocks), or NaN
     */
    static double choose(NeuronType type, double searched, DoublePredicate exact) {
        // Spiking thresholds are whole mantissas (multiples of 64); a readout's scale is free.
        double base = type != NeuronType.READOUT ? ScaleSearch.SPIKING_GRID : 1.0;
        int top = (int) Math.floor(Math.log(searched / base) / Math.log(2) + 1e-12);
        for (int b = top; b >= top - MAX_HALVINGS; b--) {
            double s = Math.scalb(base, b);
            if (s > searched || (base > 1 && s < base)) {
                continue;
            }
            if (exact.test(s)) {
                return s;
            }
        }
        return Double.NaN;
    }
}
