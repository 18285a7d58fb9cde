package dev.loihi.cli;

import dev.loihi.host.DataFiles;
import dev.loihi.host.ImageInfo;
import dev.loihi.host.RateEncoder;
import dev.loihi.common.LoihiException;
import dev.loihi.emulator.RawExporter;
import dev.loihi.emulator.RawNetworkWriter;
import dev.loihi.image.Image;
import dev.loihi.image.ImageReader;
import dev.loihi.image.InputPort;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import dev.loihi.compiler.io.SpikeTrains;
import dev.loihi.host.SpikeTrainRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "export-raw", mixinStandardHelpOptions = true,
        description = {"Write a compiled image, and the input spikes a run would send, as raw network files.",
                "A raw network starts from the chip's reset state and holds no reset, so each input goes to a file"
                        + " of its own, as run presents it: -o net.json with 3 inputs writes net.0.json, net.1.json"
                        + " and net.2.json (input i of X.npy in net.i.json); without --input, -o itself."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  loihi export-raw model.img --input x.npy --steps-per-input 50 -o net.json",
                "      the image and the spikes that encode each row of x.npy for 50 steps, one",
                "      file per row (net.0.json, net.1.json, ...), for loihi emulate"})
public final class ExportRawCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "Compiled register image.")
    Path imageFile;

    @Option(names = "--input", paramLabel = "X.npy", description = "Inputs to encode, one file each; for a NIR or native network image also spike trains (.npy N x T x inputs of 0/1).")
    Path input;

    @Option(names = "--steps-per-input", paramLabel = "STEPS", defaultValue = "200", description = "Steps each input is shown (default: ${DEFAULT-VALUE}).")
    int stepsPerInput;

    @Option(names = "--steps", paramLabel = "STEPS", description = "Steps to run when no input is given (default: ${DEFAULT-VALUE}).", defaultValue = "100")
    int steps;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "RAW.json", description = "Raw network file to write (with --input, the name each input's file is made from).")
    Path output;

    @Spec
    CommandSpec spec;

    /** One input's spikes, per input port its axons' 1-based spike steps, over {@code steps} steps. */
    private record Presentation(Map<String, int[][]> spikes, int steps) {}

    @Override
    public Integer call() {
        Image image = ImageReader.read(imageFile);
        List<Presentation> presentations;
        if (input == null) {
            if (steps <= 0) {
                throw new LoihiException(CliErrors.EXPORT_STEPS, "steps must be positive: steps=" + steps);
            }
            ImageInfo.checkSteps(image, steps);
            presentations = List.of(new Presentation(Map.of(), steps));
        } else if (SpikeTrainRunner.applies(image)) {
            presentations = spikeTrains(image, SpikeRun.inputs(input, image.inputs().stream().mapToInt(InputPort::axons)
                    .sum(), stepsPerInput, SpikeRun.dtSeconds(image)));
        } else {
            presentations = rateCoded(ImageInfo.of(image));
        }
        // every input is read and checked above, before the first file is written; the image part
        // of each file is the same, so one that exports exports for all
        PrintWriter out = spec.commandLine().getOut();
        int count = presentations.size();
        for (int i = 0; i < count; i++) {
            Presentation p = presentations.get(i);
            Path file = input == null ? output : fileOf(output, i, count);
            RawNetworkWriter.write(RawExporter.export(image, p.spikes(), p.steps()), file);
            out.printf("wrote %s: %d cores, %d steps%s%n", file, image.cores().size(), p.steps(),
                    input == null ? "" : ", input " + i);
        }
        if (input != null) {
            out.printf("one raw file per input (%d): each starts from reset, as run starts each input%n", count);
        }
        return 0;
    }

    /**
     * Input {@code index} of {@code count}'s file: {@code net.json} becomes {@code net.07.json},
     * the index zero-padded so that the files list in input order.
     */
    static Path fileOf(Path output, int index, int count) {
        String name = output.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String digits = String.format("%0" + String.valueOf(count - 1).length() + "d", index);
        String each = dot > 0 ? name.substring(0, dot) + "." + digits + name.substring(dot) : name + "." + digits;
        return output.resolveSibling(each);
    }

    /** Each row of X.npy rate-coded for --steps-per-input steps, as the host's encoder sends it. */
    private List<Presentation> rateCoded(ImageInfo info) {
        if (stepsPerInput <= 0) {
            throw new LoihiException(CliErrors.EXPORT_STEPS, "steps out of range: steps-per-input=" + stepsPerInput);
        }
        info.checkSteps(stepsPerInput);
        double[][] x = DataFiles.matrix(input);
        RateEncoder encoder = info.encoder(input);
        int[] axons = new int[encoder.axons()];
        List<Presentation> presentations = new ArrayList<>(x.length);
        for (int i = 0; i < x.length; i++) {
            info.checkWidth(x[i], input, i);
            List<List<Integer>> times = emptyLists(encoder.axons());
            encoder.present(x[i]);
            for (int t = 0; t < stepsPerInput; t++) {
                int n = encoder.next(axons);
                for (int k = 0; k < n; k++) {
                    times.get(axons[k]).add(t + 1);
                }
            }
            presentations.add(new Presentation(Map.of(info.inputName(), toArrays(times)), stepsPerInput));
        }
        return presentations;
    }

    /** Each sample's spike trains, split over the image's input ports in port order. */
    private static List<Presentation> spikeTrains(Image image, SpikeTrains trains) {
        List<Presentation> presentations = new ArrayList<>(trains.samples());
        for (int n = 0; n < trains.samples(); n++) {
            int[][] sample = trains.spikeTimes(n);
            Map<String, int[][]> byPort = new LinkedHashMap<>();
            int first = 0;
            for (InputPort port : image.inputs()) {
                int[][] perAxon = new int[port.axons()][];
                System.arraycopy(sample, first, perAxon, 0, port.axons());
                byPort.put(port.name(), perAxon);
                first += port.axons();
            }
            presentations.add(new Presentation(byPort, trains.steps()));
        }
        return presentations;
    }

    private static List<List<Integer>> emptyLists(int n) {
        List<List<Integer>> lists = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            lists.add(new ArrayList<>());
        }
        return lists;
    }

    private static int[][] toArrays(List<List<Integer>> times) {
        int[][] perAxon = new int[times.size()][];
        for (int a = 0; a < perAxon.length; a++) {
            perAxon[a] = times.get(a).stream().mapToInt(Integer::intValue).toArray();
        }
        return perAxon;
    }
}
