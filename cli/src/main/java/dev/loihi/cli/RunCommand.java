package dev.loihi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loihi.cli.config.LoihiSettings;
import dev.loihi.host.DataFiles;
import dev.loihi.host.Evaluation;
import dev.loihi.host.LayerActivity;
import dev.loihi.host.Presenter;
import dev.loihi.host.RunJournal;
import dev.loihi.host.Targets;
import dev.loihi.host.Workers;
import dev.loihi.host.Workload;
import dev.loihi.cli.plot.Plots;
import dev.loihi.common.LoihiException;
import dev.loihi.emulator.Emulator;
import dev.loihi.image.ImageStats;
import dev.loihi.image.ImageWriter;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.ChannelReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a model on the chip (or the emulator): present each input for N steps, read the class,",
                "and report accuracy, agreement with the float model, channel load and diagnostics."})
public final class RunCommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The results file (or its folder) cannot be written. */
    static final String RESULTS_WRITE = RunJournal.WRITE;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--input", required = true, paramLabel = "X.npy", description = "Inputs, one per row (.npy float32/float64 2-D, or .csv).")
    Path input;

    @Option(names = "--labels", paramLabel = "y.npy", description = "Class labels, one per input (.npy or .csv).")
    Path labels;

    @Option(names = "--steps-per-input", defaultValue = "200", description = "Steps each input is shown (default: ${DEFAULT-VALUE}).")
    int stepsPerInput;

    @Option(names = "--settle", description = "Steps at the start of each input not counted in the readout (default: one per layer, at most a tenth of the steps).")
    Integer settle;

    @Option(names = "--target", paramLabel = "TARGET", description = "emulator (default: in-process), tcp://HOST:PORT, tls://HOST:PORT or native:LIBRARY[?options].")
    String target;

    @Option(names = "--results", paramLabel = "R.json", description = "Write predictions, accuracy and statistics here.")
    Path results;

    @Option(names = "--plots", paramLabel = "DIR", description = "Write PNG plots here: rasters, rate histograms, core map.")
    Path plots;

    @Option(names = "--diagnostic-inputs", defaultValue = "20", description = "Inputs sampled for layer-activity diagnostics (default: ${DEFAULT-VALUE}).")
    int diagnosticInputs;

    @Option(names = "--max-weight-error", defaultValue = "0.02", description = "Warn about layers whose weights' relative RMS rounding error exceeds this (default: ${DEFAULT-VALUE}).")
    double maxWeightError;

    @Option(names = "--no-progress", description = "Do not draw a progress bar.")
    boolean noProgress;

    @Option(names = "--resume", description = {"Continue an interrupted run from its journal (R.json.journal, kept next",
            "to --results while a run goes): inputs it completed are not run again."})
    boolean resume;

    @Mixin
    WorkersOption workers;

    @Mixin
    SettingsOptions settings;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (stepsPerInput < 1) {
            throw new LoihiException("RUN_STEPS", "steps per input must be at least 1: steps-per-input=" + stepsPerInput);
        }
        LoihiSettings s = settings.load();
        double[][] x = DataFiles.matrix(input);
        int[] y = labels == null ? null : DataFiles.labels(labels, x.length);
        int workerCount = workers.resolve(s, target, x.length);
        Workload work = Workload.load(modelOptions.model, modelOptions.weights,
                modelOptions.calibrate == null ? input : modelOptions.calibrate, s.nChips(), modelOptions.convertOptions());
        for (int i = 0; i < x.length; i++) {
            work.info().checkWidth(x[i], input, i);
        }
        work.info().checkPresentationFits(stepsPerInput, workerCount);
        if (y != null) {
            DataFiles.checkClasses(y, work.info().classes(), labels);
        }
        int settleSteps = settle != null ? settle : work.defaultSettle(stepsPerInput);
        if (settleSteps < 0 || settleSteps >= stepsPerInput) {
            throw new LoihiException("RUN_SETTLE", "settling period must be shorter than the presentation: settle="
                    + settleSteps + ", steps-per-input=" + stepsPerInput);
        }
        ChannelConfig channel = s.channelConfig();
        String where = target;
        Evaluation.Outcome outcome;
        RunJournal journal = journal(work, x.length, settleSteps, channel);
        try (Workers w = Workers.open(where, s.linkOptions(), workerCount, work.image(),
                link -> new Presenter(link, work.info(), work.info().encoder(input), channel))) {
            outcome = Evaluation.run(w.presenters(), x, stepsPerInput, settleSteps, ProgressBars.of("run", !noProgress),
                    journal);
        } finally {
            if (journal != null) {
                journal.close();
            }
        }
        int[] floatPredictions = work.floatPredictions(x);
        List<LayerActivity.Layer> activity = LayerActivity.measure(work.image(), work.info(),
                Arrays.copyOf(x, Math.min(x.length, Math.max(1, diagnosticInputs))), stepsPerInput);
        List<String> diagnostics = diagnose(work, outcome, activity, channel);

        ObjectNode r = JSON.createObjectNode();
        r.put("model", modelOptions.model.toString());
        r.put("target", where == null || where.isBlank() ? "emulator" : where);
        r.put("steps_per_input", stepsPerInput);
        r.put("settle_steps", settleSteps);
        r.set("predictions", JSON.valueToTree(outcome.predictions()));
        if (floatPredictions != null) {
            r.set("float_predictions", JSON.valueToTree(floatPredictions));
            r.put("float_agreement", Evaluation.agreement(outcome.predictions(), floatPredictions));
        } else {
            r.putNull("float_predictions");
            r.putNull("float_agreement");
        }
        if (y != null) {
            r.put("accuracy", Evaluation.agreement(outcome.predictions(), y));
            if (floatPredictions != null) {
                r.put("float_accuracy", Evaluation.agreement(floatPredictions, y));
            }
        }
        ObjectNode st = stats(outcome, channel);
        if (Targets.inProcess(where)) {
            // which adds LOIHI_VECTOR=1 gave, so that a user (and CI) can see it took
            st.put("emulator_adds", Emulator.denseAdds());
        }
        r.set("stats", st);
        r.set("layers", layers(activity));
        r.set("diagnostics", JSON.valueToTree(diagnostics));

        PrintWriter out = spec.commandLine().getOut();
        printSummary(out, r, outcome, diagnostics);
        if (results != null) {
            writeAtomically(results, JSON.writeValueAsString(r));
            journal.delete();
            out.println("results: " + results);
        }
        if (plots != null) {
            writePlots(work, activity);
            out.println("plots: " + plots);
        }
        return 0;
    }

    /**
     * The progress journal next to --results (none without it): new, or with --resume the one an
     * interrupted run left, checked to be of this very run (model image, inputs, steps, channel).
     */
    private RunJournal journal(Workload work, int inputs, int settleSteps, ChannelConfig channel) throws IOException {
        if (results == null) {
            if (resume) {
                throw new LoihiException(RunJournal.RESUME, "--resume needs --results: the journal lives next to the results"
                        + " file");
            }
            return null;
        }
        ObjectNode header = JSON.createObjectNode();
        header.put("model_sha256", RunJournal.sha256(ImageWriter.write(work.image())));
        header.put("input_sha256", RunJournal.sha256(Files.readAllBytes(input)));
        header.put("inputs", inputs);
        header.put("steps_per_input", stepsPerInput);
        header.put("settle_steps", settleSteps);
        header.put("snip_max_spikes_per_step", channel.maxSpikesPerStep());
        header.put("overflow", channel.policy().name());
        Path file = RunJournal.of(results);
        return resume ? RunJournal.resume(file, header) : RunJournal.start(file, header);
    }

    /** One step per layer for spikes to reach the readout, plus as many to settle; at most a tenth of the window. */
    static ObjectNode stats(Evaluation.Outcome o, ChannelConfig channel) {
        ObjectNode st = JSON.createObjectNode();
        ChannelReport c = o.channel();
        st.put("inputs", o.predictions().length);
        st.put("steps", o.steps());
        st.put("steps_run", o.stepsRun());
        st.put("seconds", o.seconds());
        st.put("steps_per_s", o.stepsPerSecond());
        st.put("workers", o.workers());
        st.put("spikes_in", c.spikesSent());
        st.put("spikes_out", c.spikesReceived());
        st.put("spikes_dropped", c.spikesDropped());
        ObjectNode ch = st.putObject("channel");
        ch.put("snip_max_spikes_per_step", channel.maxSpikesPerStep());
        ch.put("overflow", channel.policy().name().toLowerCase(java.util.Locale.ROOT));
        ch.put("max_spikes_per_step", c.peakSpikesPerStep());
        ch.put("load", (double) c.peakSpikesPerStep() / channel.maxSpikesPerStep());
        ch.put("packets", c.packets());
        ch.put("multi_packet_steps", c.multiPacketSteps());
        ch.put("over_cap_steps", c.overCapSteps());
        ch.put("mean_spikes_per_step", c.steps() == 0 ? 0 : (double) c.spikesSent() / c.steps());
        return st;
    }

    static ArrayNode layers(List<LayerActivity.Layer> activity) {
        ArrayNode a = JSON.createArrayNode();
        for (LayerActivity.Layer l : activity) {
            ObjectNode n = a.addObject();
            n.put("name", l.name());
            n.put("neurons", l.neurons());
            n.put("mean_rate", l.meanRate());
            n.put("silent_neurons", l.silent());
            n.put("saturated_neurons", l.saturated());
        }
        return a;
    }

    List<String> diagnose(Workload work, Evaluation.Outcome o, List<LayerActivity.Layer> activity, ChannelConfig channel) {
        List<String> d = new ArrayList<>();
        long noSpikes = Arrays.stream(o.inputSpikes()).filter(n -> n == 0).count();
        if (noSpikes > 0) {
            d.add(String.format("inputs that sent no spikes into the chip: %d of %d (all-zero rows or values far"
                    + " below the input scale %.4g)", noSpikes, o.inputSpikes().length, work.info().inputScale()));
        }
        for (LayerActivity.Layer l : activity) {
            if (l.silent() == l.neurons()) {
                d.add("layer stays silent: layer=" + l.name() + ", neurons=" + l.neurons());
            } else if (l.silent() > l.neurons() / 2) {
                d.add("layer mostly silent: layer=" + l.name() + ", silent=" + l.silent() + " of " + l.neurons());
            }
            if (l.saturated() > 0) {
                d.add("neurons saturate (fire every step, so their values are clipped): layer=" + l.name()
                        + ", saturated=" + l.saturated() + " of " + l.neurons());
            }
        }
        JsonNode metaLayers = work.info().metadata().path("layers");
        for (JsonNode l : metaLayers) {
            // The effective error, not the mantissa bits left unused: copies of a neuron share a
            // weight in small parts whose rounding is spread so their sum stays exact.
            double error = l.path("weightRmsError").asDouble(0);
            if (error > maxWeightError) {
                d.add(String.format("weights lost precision: layer=%s, weight_rms_error=%.4f, limit=%.4f, bits_lost=%.2f",
                        l.path("name").asText(), error, maxWeightError, l.path("bitsLost").asDouble(0)));
            }
        }
        ChannelReport c = o.channel();
        if (c.overCapSteps() > 0) {
            d.add("spike channel over its cap: steps_over_cap=" + c.overCapSteps() + ", max_spikes_per_step="
                    + c.peakSpikesPerStep() + ", snip_max_spikes_per_step=" + channel.maxSpikesPerStep()
                    + (c.spikesDropped() > 0 ? ", DROPPED=" + c.spikesDropped() : ", split into extra packets, nothing lost"));
        } else if (c.peakSpikesPerStep() > 0.8 * channel.maxSpikesPerStep()) {
            d.add("spike channel near its cap: max_spikes_per_step=" + c.peakSpikesPerStep()
                    + ", snip_max_spikes_per_step=" + channel.maxSpikesPerStep());
        }
        for (String w : o.warnings()) {
            d.add("chip warning: " + w);
        }
        return d;
    }

    static void printSummary(PrintWriter out, ObjectNode r, Evaluation.Outcome o, List<String> diagnostics) {
        out.printf("inputs: %d, steps per input: %d (settle %d)%n", o.predictions().length,
                r.get("steps_per_input").asInt(), r.get("settle_steps").asInt());
        if (r.has("accuracy")) {
            out.printf("accuracy: %.4f%s%n", r.get("accuracy").asDouble(),
                    r.has("float_accuracy") ? String.format(" (float model %.4f)", r.get("float_accuracy").asDouble()) : "");
        }
        if (!r.get("float_agreement").isNull()) {
            out.printf("agreement with float model: %.4f%n", r.get("float_agreement").asDouble());
        }
        JsonNode st = r.get("stats");
        JsonNode ch = st.get("channel");
        long resumed = st.get("steps").asLong() - st.get("steps_run").asLong();
        out.printf("steps: %d%s in %.2f s (%,.0f steps/s, %d %s%s); spikes in %d, out %d, dropped %d%n",
                st.get("steps").asLong(), resumed == 0 ? "" : " (" + resumed + " of them from the journal)",
                st.get("seconds").asDouble(), st.get("steps_per_s").asDouble(),
                st.get("workers").asInt(), st.get("workers").asInt() == 1 ? "worker" : "workers",
                st.has("emulator_adds") ? ", " + st.get("emulator_adds").asText() + " adds" : "", st.get("spikes_in").asLong(),
                st.get("spikes_out").asLong(), st.get("spikes_dropped").asLong());
        out.printf("channel: max %d spikes in one step (cap %d, policy %s), %d multi-packet steps, mean %.2f spikes/step%n",
                ch.get("max_spikes_per_step").asLong(), ch.get("snip_max_spikes_per_step").asInt(),
                ch.get("overflow").asText(), ch.get("multi_packet_steps").asLong(), ch.get("mean_spikes_per_step").asDouble());
        for (JsonNode l : r.get("layers")) {
            out.printf("layer %-16s mean rate %.3f spikes/step, silent %d, saturated %d of %d%n", l.get("name").asText(),
                    l.get("mean_rate").asDouble(), l.get("silent_neurons").asLong(), l.get("saturated_neurons").asLong(),
                    l.get("neurons").asInt());
        }
        for (String d : diagnostics) {
            out.println("warning: " + d);
        }
    }

    void writePlots(Workload work, List<LayerActivity.Layer> activity) {
        for (LayerActivity.Layer l : activity) {
            String safe = l.name().replaceAll("[^A-Za-z0-9_.-]", "_");
            Plots.raster(plots.resolve("raster_" + safe + ".png"), l.name() + " (first input)", l.rasterSteps(),
                    l.rasterNeurons(), stepsPerInput, l.neurons());
            Plots.rateHistogram(plots.resolve("rates_" + safe + ".png"), l.name(), l.rates());
        }
        List<ImageStats.CoreStats> cores = ImageStats.perCore(work.image());
        int n = cores.size();
        int[] chip = new int[n];
        int[] core = new int[n];
        double[] util = new double[n];
        String[] layer = new String[n];
        for (int i = 0; i < n; i++) {
            chip[i] = cores.get(i).chip();
            core[i] = cores.get(i).coreOnChip();
            util[i] = cores.get(i).compartmentFraction();
            layer[i] = cores.get(i).layer();
        }
        Plots.coreMap(plots.resolve("core_map.png"), chip, core, util, layer);
    }

    /** Writes through a temporary file, so a reader never sees half a results file. */
    static void writeAtomically(Path file, String text) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, ".results", ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new LoihiException(RESULTS_WRITE, "cannot write results: file=" + file + ", reason="
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write already failed; that is the error to report
            }
        }
    }
}
