package dev.loihi.cli;

import dev.loihi.common.LoihiException;
import dev.loihi.emulator.ProbeKind;
import dev.loihi.emulator.RawNetwork;
import dev.loihi.emulator.RawNetworkReader;
import dev.loihi.emulator.TraceStreamer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "emulate", mixinStandardHelpOptions = true,
        description = "Run a raw network (docs/RAW_FORMAT.md) on the bit-exact emulator and write its trace.",
        footerHeading = "%nExamples:%n",
        footer = {
                "  loihi emulate net.0.json --trace trace.json",
                "      the first input's file of loihi export-raw -o net.json; trace.json:",
                "      spikes and probed values per step",
                "  loihi emulate net.0.json --trace spikes.json --probe spikes \\",
                "      --from-step 11 --to-step 50",
                "      only the spikes of steps 11..50 (the run still starts at step 1);",
                "      the trace is written as the steps run, in memory that does not grow"})
public final class EmulateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RAW.json", description = "Raw network file (see docs/RAW_FORMAT.md).")
    Path raw;

    @Option(names = "--trace", required = true, paramLabel = "OUT.json", description = "Trace file to write.")
    Path trace;

    @Option(names = "--probe", paramLabel = "KIND", description = "What the trace holds: spikes, voltage or current;"
            + " repeatable (default: all three).")
    List<String> probes;

    @Option(names = "--from-step", paramLabel = "A", description = "First step the trace holds (default: 1).")
    Integer fromStep;

    @Option(names = "--to-step", paramLabel = "B", description = "Last step the trace holds (default: the network's last).")
    Integer toStep;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        RawNetwork network = RawNetworkReader.read(raw);
        Set<ProbeKind> kinds = kinds();
        int from = fromStep == null ? 1 : fromStep;
        int to = toStep == null ? network.steps() : toStep;
        if (network.steps() > 0 && (from < 1 || to > network.steps() || from > to)) {
            throw new LoihiException(CliErrors.EMULATE_STEPS, "step range outside the network's steps: file=" + raw
                    + ", from-step=" + from + ", to-step=" + to + ", steps=" + network.steps());
        }
        TraceStreamer.Summary t = TraceStreamer.write(network, trace, kinds, from, to);
        double seconds = (System.nanoTime() - start) / 1e9;
        spec.commandLine().getOut().printf("emulated %d steps in %.3f s; warnings: %s; trace: %s%n",
                network.steps(), seconds, t.warnings().isEmpty() ? "none" : t.warnings(), trace);
        return 0;
    }

    private Set<ProbeKind> kinds() {
        if (probes == null || probes.isEmpty()) {
            return EnumSet.allOf(ProbeKind.class);
        }
        Set<ProbeKind> kinds = EnumSet.noneOf(ProbeKind.class);
        for (String p : probes) {
            switch (p) {
                case "spikes" -> kinds.add(ProbeKind.SPIKES);
                case "voltage" -> kinds.add(ProbeKind.VOLTAGE);
                case "current" -> kinds.add(ProbeKind.CURRENT);
                default -> throw new LoihiException(CliErrors.CLI_USAGE, "unknown probe kind: probe=" + p
                        + " (expected spikes, voltage or current)");
            }
        }
        return kinds;
    }
}
