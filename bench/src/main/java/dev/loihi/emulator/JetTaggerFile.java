package dev.loihi.emulator;

import dev.loihi.host.ImageInfo;
import dev.loihi.host.RateEncoder;
import dev.loihi.image.Image;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The compiled jet tagger (fixture {@code keras/KERAS_3layer}) written as a raw network
 * (RAW_FORMAT.md, through {@link RawExporter}, which replays the image bit for bit) with the
 * host's input spikes in it, so that other emulators can run what ours runs: seeded
 * standard-normal inputs rate-coded by the CLI's {@link RateEncoder}, 200 steps each, one after
 * the other (a raw network has no reset between inputs). {@code single} (the default) is the
 * network at its own size, 16-64-32-32-5 plus the bias compartment, one axon per feature sign;
 * {@code default} the accuracy-first conversion of 390 compartments. Needs the fixtures. Prints
 * the compartments and the share spiking per step, measured by running the file's network here.
 *
 * <pre>java -Dloihi.fixtures=../shared/fixtures -cp bench/target/benchmarks.jar dev.loihi.emulator.JetTaggerFile OUT.json [steps] [single|default]</pre>
 */
public final class JetTaggerFile {
    private static final int STEPS_PER_INPUT = 200;
    private static final long SEED = 11;

    private JetTaggerFile() {}

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Path out = Path.of(args.length > 0 ? args[0] : "jet_tagger.json");
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        boolean single = args.length < 3 || args[2].equals("single");
        Image image = KerasJetTagger.compile(single);
        RawNetwork raw = RawExporter.export(image, Map.of(image.inputs().get(0).name(), spikeTimes(image, steps)), steps);
        RawNetworkWriter.write(raw, out);
        Trace trace = Emulator.runRaw(raw);
        long spikes = 0;
        int compartments = 0;
        for (BlockTrace b : trace.blocks().values()) {
            compartments += b.spikeCounts().length;
            for (int c : b.spikeCounts()) {
                spikes += c;
            }
        }
        System.out.printf("%s: %s conversion, %d compartments, %d steps, %.1f%% of compartments spike per step,"
                        + " warnings: %s%n", out, single ? "single" : "default", compartments, steps,
                100.0 * spikes / steps / compartments, trace.warnings());
    }

    /** Per input axon, the 1-based steps at which the encoder sends a spike on it. */
    static int[][] spikeTimes(Image image, int steps) {
        ImageInfo info = ImageInfo.of(image);
        RateEncoder encoder = info.encoder(null);
        double[][] inputs = KerasJetTagger.gaussianInputs(Math.max(1, steps / STEPS_PER_INPUT), info.features(), SEED);
        List<List<Integer>> times = new ArrayList<>();
        for (int a = 0; a < encoder.axons(); a++) {
            times.add(new ArrayList<>());
        }
        int[] axons = new int[encoder.axons()];
        for (int s = 0; s < steps; s++) {
            if (s % STEPS_PER_INPUT == 0) {
                encoder.present(inputs[(s / STEPS_PER_INPUT) % inputs.length]);
            }
            int count = encoder.next(axons);
            for (int k = 0; k < count; k++) {
                times.get(axons[k]).add(s + 1);
            }
        }
        return times.stream().map(t -> t.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    }
}
