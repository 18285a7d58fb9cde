package dev.loihi.cli;

import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.phase.Coding;
import dev.loihi.compiler.phase.InputRange;
import picocli.CommandLine.Option;

/** How a Keras model becomes spiking neurons (docs/CONVERSION.md); shared by compile, run and evaluate. */
public final class ConversionOptions {
    @Option(names = "--max-rate", paramLabel = "R", description = "Firing rate (spikes/step) a layer's largest activation maps to (default: converter's).")
    Double maxRate;

    @Option(names = "--percentile", paramLabel = "P", description = "Percentile of calibration activations taken as a layer's largest (default: converter's).")
    Double percentile;

    @Option(names = "--replicas", paramLabel = "N", description = "Staggered copies of each hidden neuron (default: converter's).")
    Integer replicas;

    @Option(names = "--input-copies", paramLabel = "N", description = "Staggered axons per sign of each input feature (default: converter's).")
    Integer inputCopies;

    @Option(names = "--coding", paramLabel = "auto|rate|phase", description = "How values become spikes: phase (exact counts"
            + " in timed windows) for models whose hidden activations are fixed-grid quantized ReLUs, and for quantized"
            + " CNNs (HGQ fixed-point quantizers) small enough to build, rate otherwise"
            + " (default: auto, phase where the model allows it).")
    String coding;

    @Option(names = "--input-range", paramLabel = "LOW,HIGH", description = "Inputs a quantized CNN's phase code is made"
            + " exact for; inputs outside are refused (default: the calibration inputs' range, widened to hold 0;"
            + " e.g. 0,1 for images in [0, 1]).")
    String inputRange;

    @Option(names = "--max-steps", paramLabel = "T", description = "Longest presentation the image will run, in steps"
            + " from a reset state: each neuron's integrator is sized for what any input gathers in T steps, which"
            + " allows finer weights and a weaker leak; longer presentations are refused (0: any length; default: 200"
            + " for compile, the longest presentation asked for run and evaluate, at least 200).")
    Integer maxSteps;

    @Option(names = "--worst-case", description = "Size every neuron's integrator for the worst-case input, so that"
            + " no input can wrap it, at the cost of coarser weights (default: the calibration search sizes each from"
            + " the largest its inputs reach on the emulator, kept 4x below its range; a wrap is then possible on"
            + " other inputs and the emulator reports it as an overflow).")
    boolean worstCase;

    /** The range given with --input-range, null when none. */
    public InputRange inputRange() {
        return inputRange == null ? null : InputRange.parse(inputRange);
    }

    /** The coding asked for, AUTO when none. */
    public Coding coding() {
        return coding == null ? Coding.AUTO : Coding.parse(coding);
    }

    public ConvertOptions apply(ConvertOptions options) {
        ConvertOptions o = options;
        if (maxRate != null) {
            o = o.withMaxRate(maxRate);
        }
        if (percentile != null) {
            o = o.withPercentile(percentile);
        }
        if (replicas != null) {
            o = o.withReplicas(replicas);
        }
        if (inputCopies != null) {
            o = o.withInputCopies(inputCopies);
        }
        return o;
    }
}
