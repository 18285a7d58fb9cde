package dev.loihi.compiler;

import dev.loihi.compiler.discretize.DiscreteNetwork;
import dev.loihi.compiler.pack.ImageMetadata;
import dev.loihi.compiler.pack.PackedCores;
import dev.loihi.compiler.report.CompileReport;
import dev.loihi.compiler.report.ConversionReport;
import dev.loihi.image.Image;
import dev.loihi.image.ImageValidator;

/**
 * A network compiled up to its packed cores, before the image's metadata is written. The
 * conversion report goes into the metadata, and the calibration search learns it only after
 * it has run the image, so {@link #stamped} writes the metadata then without compiling again.
 * The bytes are those {@link Compiler#compile(dev.loihi.compiler.net.Network, CompileOptions,
 * ConversionReport)} gives for the same network, options and report: it takes this path too.
 */
public final class Compiled {
    private final DiscreteNetwork discrete;
    private final PackedCores packed;
    private final CompileReport report;
    private final CompileOptions options;
    /** The image without a conversion report: the search's stages each run it, so it is made once. */
    private CompileResult plain;

    Compiled(DiscreteNetwork discrete, PackedCores packed, CompileReport report, CompileOptions options) {
        this.discrete = discrete;
        this.packed = packed;
        this.report = report;
        this.options = options;
    }

    /** The network in chip integers, as the image holds it. */
    public DiscreteNetwork discrete() {
        return discrete;
    }

    /** The validated image and report with {@code conversion} (null: none) in both. */
    public CompileResult stamped(ConversionReport conversion) {
        if (conversion == null) {
            if (plain == null) {
                plain = stamp(null);
            }
            return plain;
        }
        return stamp(conversion);
    }

    private CompileResult stamp(ConversionReport conversion) {
        CompileReport withConversion = report.withConversion(conversion);
        Image image = packed.toImage(ImageMetadata.json(discrete, withConversion, options.chips(), options.dtSeconds()));
        ImageValidator.validate(image);
        return new CompileResult(image, withConversion);
    }
}
