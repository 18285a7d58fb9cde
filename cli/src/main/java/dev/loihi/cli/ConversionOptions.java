package dev.loihi.cli;

import dev.loihi.compiler.convert.ConvertOptions;
import picocli.CommandLine.Option;

/** How a Keras model becomes spiking neurons (docs/CONVERSION.md); shared by compile, run and evaluate. */
public final class ConversionOptions {
    @Option(names = "--max-rate", paramLabel = "R", description = "Firing rate (spikes/step) a layer's largest activation maps to (default: converter's).")
    Double maxRate;

    @Option(names = "--percentile", paramLabel = "P", description = "Percentile of calibration activations taken as a layer's largest (default: converter's).")
    Double percentile;

    public ConvertOptions apply(ConvertOptions options) {
        ConvertOptions o = options;
        if (maxRate != null) {
            o = o.withMaxRate(maxRate);
        }
        if (percentile != null) {
            o = o.withPercentile(percentile);
        }
        return o;
    }
}
