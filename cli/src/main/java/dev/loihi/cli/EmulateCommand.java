package dev.loihi.cli;

import dev.loihi.emulator.Emulator;
import dev.loihi.emulator.RawNetworkReader;
import dev.loihi.emulator.Trace;
import dev.loihi.emulator.TraceWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "emulate", mixinStandardHelpOptions = true,
        description = "Run a raw network (docs/RAW_FORMAT.md) on the bit-exact emulator and write its trace.",
        footerHeading = "%nExamples:%n",
        footer = {
                "  loihi emulate net.0.json --trace trace.json",
                "      the first input's file of loihi export-raw -o net.json; trace.json:",
                "      spikes and probed values per step"})
public final class EmulateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RAW.json", description = "Raw network file (see docs/RAW_FORMAT.md).")
    Path raw;

    @Option(names = "--trace", required = true, paramLabel = "OUT.json", description = "Trace file to write.")
    Path trace;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        Trace t = Emulator.runRaw(RawNetworkReader.read(raw));
        TraceWriter.write(t, trace);
        double seconds = (System.nanoTime() - start) / 1e9;
        spec.commandLine().getOut().printf("emulated %d steps in %.3f s; warnings: %s; trace: %s%n",
                t.steps(), seconds, t.warnings().isEmpty() ? "none" : t.warnings(), trace);
        return 0;
    }
}
