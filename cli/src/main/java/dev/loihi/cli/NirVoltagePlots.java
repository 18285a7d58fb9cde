package dev.loihi.cli;

import dev.loihi.cli.config.LoihiSettings;
import dev.loihi.cli.plot.VoltagePlot;
import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.CompileResult;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.io.SpikeTrains;
import dev.loihi.compiler.nir.NirImport;
import dev.loihi.host.NirVoltageTrack;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * run --plots for a NIR graph: voltage_&lt;node&gt;.png and voltage_error_&lt;node&gt;.png, the first neuron node's neuron 0 on the
 * first sample against the exact solution of NIR's equations (docs/NIR.md). An image has lost
 * the float graph, so it gets a note instead.
 */
final class NirVoltagePlots {
    private NirVoltagePlots() {}

    static void write(ModelOptions model, LoihiSettings settings, SpikeTrains trains, Path dir, PrintWriter out) {
        if (!model.isNir()) {
            out.println("plots: no voltage plot for an image (it needs the NIR graph's float definition)");
            return;
        }
        NirImport nir = model.nir();
        // Compiling again gives the very image that ran (compilation is deterministic) and its report.
        CompileResult compiled = Compiler.compile(nir.network(), CompileOptions.builder().chips(settings.nChips())
                .dtSeconds(model.dtSeconds()).build());
        NirVoltageTrack track = NirVoltageTrack.of(nir, compiled, trains.spikeTimes(0), trains.steps());
        String name = track.node().replaceAll("[^A-Za-z0-9_.-]", "_");
        Path png = dir.resolve("voltage_" + name + ".png");
        Path errorPng = dir.resolve("voltage_error_" + name + ".png");
        VoltagePlot.write(png, errorPng, track);
        out.println("plots: " + png + ", " + errorPng);
    }
}
