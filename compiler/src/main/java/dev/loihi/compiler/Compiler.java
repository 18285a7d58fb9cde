package dev.loihi.compiler;

import dev.loihi.compiler.discretize.DiscreteNetwork;
import dev.loihi.compiler.discretize.Discretizer;
import dev.loihi.compiler.discretize.NetworkChecker;
import dev.loihi.compiler.discretize.SharedWeights;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.pack.PackedCores;
import dev.loihi.compiler.pack.Packer;
import dev.loihi.compiler.partition.Partition;
import dev.loihi.compiler.partition.Partitioner;
import dev.loihi.compiler.partition.Placement;
import dev.loihi.compiler.partition.Placer;
import dev.loihi.compiler.report.CompileReport;
import dev.loihi.compiler.report.ConversionReport;
import dev.loihi.compiler.report.Diagnostics;

/**
 * Float network to chip image: check -> discretize -> share conv weights -> partition -> place ->
 * pack -> validate.
 * Each pass reads the previous pass's immutable output; a pass that finds an error throws a
 * {@link dev.loihi.common.LoihiException} with its code, which ends the compilation. Warnings
 * go to the report. The result is a pure function of the network and options.
 */
public final class Compiler {
    private Compiler() {}

    public static CompileResult compile(Network network) {
        return compile(network, CompileOptions.defaults());
    }

    public static CompileResult compile(Network network, CompileOptions options) {
        return compile(network, options, null);
    }

    /** Compiles {@code network} with {@code conversion} (how it was converted, or null) in its report and metadata. */
    public static CompileResult compile(Network network, CompileOptions options, ConversionReport conversion) {
        return build(network, options).stamped(conversion);
    }

    /** Compiles {@code network} up to its metadata, which {@link Compiled#stamped} writes. */
    public static Compiled build(Network network, CompileOptions options) {
        Diagnostics diagnostics = new Diagnostics();
        NetworkChecker.check(network);
        DiscreteNetwork discrete = SharedWeights.apply(network, new Discretizer(diagnostics, options.leakFloor(), options.maxSteps(), options.headroom()).discretize(network));
        return build(discrete, options, diagnostics);
    }

    /**
     * Compiles a network already in chip integers (the phase code builds one directly,
     * {@link dev.loihi.compiler.phase.PhaseNetwork}): partition -> place -> pack -> validate.
     */
    public static CompileResult compile(DiscreteNetwork discrete, CompileOptions options, ConversionReport conversion,
                                        Diagnostics diagnostics) {
        return build(discrete, options, diagnostics).stamped(conversion);
    }

    private static Compiled build(DiscreteNetwork discrete, CompileOptions options, Diagnostics diagnostics) {
        Partition partition = new Partitioner().partition(discrete);
        Placement placement = new Placer(options.chips()).place(discrete, partition);
        PackedCores packed = new Packer().pack(discrete, partition, placement);
        CompileReport report = ReportBuilder.build(discrete, partition, placement, packed, diagnostics.warnings());
        return new Compiled(discrete, packed, report, options);
    }
}
