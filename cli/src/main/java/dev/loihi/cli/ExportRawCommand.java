package dev.loihi.cli;

import dev.loihi.host.DataFiles;
import dev.loihi.host.ImageInfo;
import dev.loihi.host.RateEncoder;
import dev.loihi.common.LoihiException;
import dev.loihi.emulator.RawExporter;
import dev.loihi.emulator.RawNetworkWriter;
import dev.loihi.image.Image;
import dev.loihi.image.ImageReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.loihi.compiler.io.SpikeTrains;
import dev.loihi.host.SpikeTrainRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "export-raw", mixinStandardHelpOptions = true,
        description = "Write a compiled image, and the input spikes a run would send, as a raw network file.",
        footerHeading = "%nExamples:%n",
        footer = {
                "  loihi export-raw model.img --input x.npy --steps-per-input 50 -o net.json",
                "      the image and the spikes that encode the rows of x.npy, 50 steps each, for loihi emulate"})
public final class ExportRawCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "Compiled register image.")
    Path imageFile;

    @Option(names = "--input", paramLabel = "X.npy", description = "Inputs to encode, presented one after another; for a NIR image also spike trains (.npy N x T x inputs of 0/1).")
    Path input;

    @Option(names = "--steps-per-input", paramLabel = "STEPS", defaultValue = "200", description = "Steps each input is shown (default: ${DEFAULT-VALUE}).")
    int stepsPerInput;

    @Option(names = "--steps", paramLabel = "STEPS", description = "Steps to run when no input is given (default: ${DEFAULT-VALUE}).", defaultValue = "100")
    int steps;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "RAW.json", description = "Raw network file to write.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Image image = ImageReader.read(imageFile);
        Map<String, int[][]> spikes = Map.of();
        long total = steps;
        if (input != null && SpikeTrainRunner.applies(image)) {
            SpikeTrains trains = SpikeRun.inputs(input, image.inputs().stream().mapToInt(p -> p.axons()).sum(),
                    stepsPerInput, SpikeRun.dtSeconds(image));
            total = (long) trains.samples() * trains.steps();
            if (total > Integer.MAX_VALUE) {
                throw new LoihiException(CliErrors.EXPORT_STEPS, "steps out of range: inputs=" + trains.samples()
                        + ", steps=" + trains.steps() + ", max total=" + Integer.MAX_VALUE);
            }
            spikes = spikeTimes(image, trains);
        } else if (input != null) {
            ImageInfo info = ImageInfo.of(image);
            double[][] x = DataFiles.matrix(input);
            total = (long) x.length * stepsPerInput;
            if (stepsPerInput <= 0 || total > Integer.MAX_VALUE) {
                throw new LoihiException(CliErrors.EXPORT_STEPS, "steps out of range: inputs=" + x.length
                        + ", steps-per-input=" + stepsPerInput + ", max total=" + Integer.MAX_VALUE);
            }
            RateEncoder encoder = info.encoder(input);
            List<List<Integer>> times = new ArrayList<>();
            for (int a = 0; a < encoder.axons(); a++) {
                times.add(new ArrayList<>());
            }
            int[] axons = new int[encoder.axons()];
            for (int i = 0; i < x.length; i++) {
                info.checkWidth(x[i], input, i);
                encoder.present(x[i]);
                for (int t = 0; t < stepsPerInput; t++) {
                    int n = encoder.next(axons);
                    for (int k = 0; k < n; k++) {
                        times.get(axons[k]).add(i * stepsPerInput + t + 1);
                    }
                }
            }
            int[][] perAxon = new int[times.size()][];
            for (int a = 0; a < perAxon.length; a++) {
                perAxon[a] = times.get(a).stream().mapToInt(Integer::intValue).toArray();
            }
            spikes = Map.of(info.inputName(), perAxon);
        }
        if (total <= 0) {
            throw new LoihiException(CliErrors.EXPORT_STEPS, "steps must be positive: steps=" + total);
        }
        RawNetworkWriter.write(RawExporter.export(image, spikes, (int) total), output);
        spec.commandLine().getOut().printf("wrote %s: %d cores, %d steps%n", output, image.cores().size(), total);
        return 0;
    }

    /** Samples one after another, per input port its axons' 1-based spike steps. */
    private static Map<String, int[][]> spikeTimes(Image image, SpikeTrains trains) {
        Map<String, int[][]> byPort = new java.util.LinkedHashMap<>();
        int first = 0;
        for (var port : image.inputs()) {
            List<List<Integer>> times = new ArrayList<>();
            for (int a = 0; a < port.axons(); a++) {
                times.add(new ArrayList<>());
            }
            for (int n = 0; n < trains.samples(); n++) {
                int[][] sample = trains.spikeTimes(n);
                for (int a = 0; a < port.axons(); a++) {
                    for (int t : sample[first + a]) {
                        times.get(a).add(n * trains.steps() + t);
                    }
                }
            }
            int[][] perAxon = new int[port.axons()][];
            for (int a = 0; a < perAxon.length; a++) {
                perAxon[a] = times.get(a).stream().mapToInt(Integer::intValue).toArray();
            }
            byPort.put(port.name(), perAxon);
            first += port.axons();
        }
        return byPort;
    }
}
