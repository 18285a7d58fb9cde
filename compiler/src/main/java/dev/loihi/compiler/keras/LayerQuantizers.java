package dev.loihi.compiler.keras;

/**
 * What quantization-aware training fixed about one dense layer, beyond its (already quantized)
 * weights: value quantizers of its input (only on the first layer), of its pre-activation and
 * of its output, each null when absent.
 *
 * @param weightQuantizer the quantizer that produced the kernel, as written in the model (null
 *     for an ordinary float layer); the compiler then looks for chip formats that keep these
 *     weights exactly
 */
public record LayerQuantizers(ValueQuantizer input, ValueQuantizer beforeActivation, ValueQuantizer afterActivation,
                              String weightQuantizer) {
    public static final LayerQuantizers NONE = new LayerQuantizers(null, null, null, null);

    public boolean quantizedWeights() {
        return weightQuantizer != null;
    }

    public boolean any() {
        return input != null || beforeActivation != null || afterActivation != null || weightQuantizer != null;
    }

    /** True when both hold quantizers of the same kind and settings (as their descriptions say). */
    public boolean sameAs(LayerQuantizers other) {
        return same(input, other.input) && same(beforeActivation, other.beforeActivation)
                && same(afterActivation, other.afterActivation) && java.util.Objects.equals(weightQuantizer, other.weightQuantizer);
    }

    private static boolean same(ValueQuantizer a, ValueQuantizer b) {
        return a == null ? b == null : b != null && a.getClass() == b.getClass() && a.describe().equals(b.describe());
    }

    /**
     * The quantizers of the layer's sum and what follows it, for a layer whose kernel or input is
     * rebuilt (merged, split): its pre-activation and output are the same values, its weights and
     * input are not.
     */
    public LayerQuantizers ofSum() {
        return new LayerQuantizers(null, beforeActivation, afterActivation, null);
    }

    LayerQuantizers withInput(ValueQuantizer q) {
        return new LayerQuantizers(q, beforeActivation, afterActivation, weightQuantizer);
    }

    LayerQuantizers withBeforeActivation(ValueQuantizer q) {
        return new LayerQuantizers(input, q, afterActivation, weightQuantizer);
    }

    LayerQuantizers withAfterActivation(ValueQuantizer q) {
        return new LayerQuantizers(input, beforeActivation, q, weightQuantizer);
    }
}
