package dev.loihi.cli;

import dev.loihi.host.HostErrors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loihi.cli.config.LoihiSettings;
import dev.loihi.host.DataFiles;
import dev.loihi.host.Evaluation;
import dev.loihi.host.ImageInfo;
import dev.loihi.host.LayerActivity;
import dev.loihi.host.Presenter;
import dev.loihi.host.RunJournal;
import dev.loihi.host.BoardPool;
import dev.loihi.host.Workers;
import dev.loihi.host.Workload;
import dev.loihi.host.RunLosses;
import dev.loihi.compiler.convert.RateLoss;
import dev.loihi.compiler.report.ConversionReport.LayerLoss;
import dev.loihi.compiler.report.Diagnostic;
import dev.loihi.compiler.CompilerErrors;
import dev.loihi.cli.plot.RunPlots;
import dev.loihi.common.LoihiException;
import dev.loihi.emulator.Emulator;
import dev.loihi.compiler.io.SpikeTrains;
import dev.loihi.host.SpikeTrainRunner;
import dev.loihi.image.Image;
import dev.loihi.image.OutputPort;
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
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a model on the chip or the emulator: present each input for a number of steps, read its class,"
                + " and report accuracy, agreement with the float model, channel load and diagnostics.",
        footerHeading = "%nExamples:%n",
        footer = {
                "  loihi run model.json --weights model_weights.h5 --input x.npy --labels y.npy \\",
                "      --results R.json --plots plots",
                "      converts and compiles the model, presents each row of x.npy for 200 steps",
                "      on the in-process emulator",
                "  loihi run model.img --input x.npy --steps-per-input 100 \\",
                "      --set hardware.overflow=drop",
                "      a compiled image; a step over the channel cap drops spikes (counted)",
                "      instead of splitting; other targets: --target tcp://HOST:PORT,",
                "      tls://HOST:PORT (a board or loihi serve), native:LIBRARY"})
public final class RunCommand extends PresentingCommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What run presents when not told, and so the presentation bound compile gives an image by default. */
    static final int DEFAULT_STEPS_PER_INPUT = 200;

    @Option(names = "--steps-per-input", paramLabel = "STEPS", defaultValue = "" + DEFAULT_STEPS_PER_INPUT, description = "Steps each input is shown (default: ${DEFAULT-VALUE}).")
    int stepsPerInput;

    @Option(names = "--settle", paramLabel = "STEPS", description = "Steps at the start of each input not counted in the readout (default: one per layer, at most a tenth of the steps).")
    Integer settle;

    @Option(names = "--results", paramLabel = "R.json", description = "Write predictions, accuracy and statistics here.")
    Path results;

    @Option(names = "--plots", paramLabel = "DIR", description = "Write PNG plots here: rasters, rate histograms, core map, float activation against spike rate per layer.")
    Path plots;

    @Option(names = "--diagnostic-inputs", paramLabel = "N", defaultValue = "20", description = "Inputs sampled for layer-activity diagnostics (default: ${DEFAULT-VALUE}).")
    int diagnosticInputs;

    @Option(names = "--max-weight-error", paramLabel = "FRACTION", defaultValue = "0.02", description = "Warn about layers whose weights' relative RMS rounding error exceeds this (default: ${DEFAULT-VALUE}).")
    double maxWeightError;

    @Option(names = "--resume", description = {"Continue an interrupted run from its journal (R.json.journal, kept next",
            "to --results while a run goes): inputs it completed are not run again."})
    boolean resume;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        checkStepsPerInput(stepsPerInput, "steps-per-input");
        modelOptions.checkMaxSteps(stepsPerInput);
        LoihiSettings s = settings.load();
        BoardPool pool = pool();
        pool.check(s.linkOptions());
        if (SpikeRun.applies(modelOptions)) {
            return runSpikes(s, pool.single("a run of spike trains"));
        }
        double[][] x = DataFiles.matrix(input);
        int[] y = labels == null ? null : DataFiles.labels(labels, x.length);
        int[] perBoard = workers.resolve(s, pool, x.length);
        int workerCount = IntStream.of(perBoard).sum();
        Workload work = Workload.load(modelOptions.model, modelOptions.weights,
                modelOptions.calibrate == null ? input : modelOptions.calibrate,
                modelOptions.compileOptions(s.nChips(), stepsPerInput), modelOptions.convertOptions(),
                modelOptions.coding(), modelOptions.inputRange());
        for (int i = 0; i < x.length; i++) {
            work.info().checkWidth(x[i], input, i);
        }
        work.info().checkPresentationFits(stepsPerInput, workerCount);
        if (y != null) {
            DataFiles.checkClasses(y, work.info().classes(), labels);
        }
        if (settle != null && settle != 0 && work.info().phaseCoded()) {
            throw new LoihiException(CliErrors.RUN_SETTLE, "a phase-coded image's readout is its sum over the whole"
                    + " presentation, so nothing is left out: settle=" + settle + ", allowed=0");
        }
        int settleSteps = settle != null ? settle : work.defaultSettle(stepsPerInput);
        if (settleSteps < 0 || settleSteps >= stepsPerInput) {
            throw new LoihiException(CliErrors.RUN_SETTLE, "settling period must be shorter than the presentation: settle="
                    + settleSteps + ", steps-per-input=" + stepsPerInput);
        }
        ChannelConfig channel = s.channelConfig();
        Evaluation.Outcome outcome;
        RunJournal journal = journal(work, x.length, settleSteps, channel);
        try (Workers w = Workers.open(pool, s.linkOptions(), perBoard, work.image(),
                link -> new Presenter(link, work.info(), work.info().encoder(input), channel))) {
            outcome = Evaluation.run(w, x, stepsPerInput, settleSteps, ProgressBars.of("run", !noProgress),
                    journal);
        } finally {
            if (journal != null) {
                journal.close();
            }
        }
        int[] floatPredictions = work.floatPredictions(x);
        double[][] sample = Arrays.copyOf(x, Math.min(x.length, Math.max(1, diagnosticInputs)));
        List<LayerActivity.Layer> activity = LayerActivity.measure(work.image(), work.info(), sample, stepsPerInput);
        RunLosses.Result losses = RunLosses.measure(work, x, stepsPerInput);
        List<String> diagnostics = diagnose(work, outcome, activity, channel);
        diagnostics.addAll(RunLosses.warnings(losses));

        ObjectNode r = JSON.createObjectNode();
        r.put("model", modelOptions.model.toString());
        r.put("target", pool.describe());
        r.put("steps_per_input", stepsPerInput);
        r.put("settle_steps", settleSteps);
        r.set("predictions", JSON.valueToTree(outcome.predictions()));
        // what each prediction was read from: the readout's mean input per class (the float model's logits)
        r.set("scores", JSON.valueToTree(outcome.scores()));
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
        if (pool.anyInProcess()) {
            // which adds LOIHI_VECTOR=1 gave, so that a user (and CI) can see it took
            st.put("emulator_adds", Emulator.denseAdds());
        }
        r.set("stats", st);
        r.set("layers", layers(activity, losses, work.info().metadata(), RunPlots.units(work)));
        r.set("losses", lossesJson(losses));
        r.set("conversion", SnakeCaseKeys.of(work.info().metadata().path("conversion")));
        r.set("readout", readout(work.info(), outcome.scores()));
        r.set("diagnostics", JSON.valueToTree(diagnostics));
        String note = channelNote(outcome.channel(), channel);
        r.set("notes", JSON.valueToTree(note == null ? List.of() : List.of(note)));

        PrintWriter out = spec.commandLine().getOut();
        printSummary(out, r, outcome, diagnostics);
        if (results != null) {
            writeAtomically(results, JSON.writeValueAsString(r));
            journal.delete();
            out.println("results: " + results);
        }
        if (plots != null) {
            RunPlots.write(plots, work, activity, sample, stepsPerInput);
            out.println("plots: " + plots);
        }
        return 0;
    }

    /** A spike-driven model (NIR): spike trains or rate-coded values in, output spike counts out (docs/NIR.md). */
    private int runSpikes(LoihiSettings s, String target) {
        PrintWriter out = spec.commandLine().getOut();
        // Not silently ignored: the spike path has no journal and presents on one link (issue 19, 6).
        if (resume) {
            throw new LoihiException(HostErrors.RUN_RESUME, "--resume is not supported for spike-train inputs, which keep"
                    + " no journal yet: model=" + modelOptions.model);
        }
        if (workers.workers != null && workers.workers > 1) {
            out.println("note: spike trains are presented by one worker; --workers=" + workers.workers + " is not used");
        }
        Image image = SpikeRun.image(modelOptions, s, out);
        ObjectNode r;
        SpikeTrains trains;
        try (SpikeTrainRunner runner = SpikeTrainRunner.open(image, target, s.linkOptions(), s.channelConfig())) {
            trains = SpikeRun.inputs(input, runner.inputs(), stepsPerInput, SpikeRun.dtSeconds(image));
            boolean spikes = image.outputs().get(0).kind() == OutputPort.Kind.SPIKES;
            r = SpikeRun.run(runner, trains, labels, spikes);
        }
        r.put("model", modelOptions.model.toString());
        r.put("target", target);
        OutputPort port = image.outputs().get(0);
        if (port.kind() == OutputPort.Kind.SPIKES) {
            out.printf("%d inputs x %d steps: %d input spikes, %.0f output spikes from %s (%d neurons; the class is the"
                            + " neuron with the most spikes, R.json output_spike_counts)%n", r.get("inputs").asInt(),
                    r.get("steps_per_input").asInt(), r.get("input_spikes").asLong(), r.get("output_spikes").asDouble(),
                    port.name(), port.size());
        } else {
            // a readout never spikes: "0 output spikes" would look like a dead network
            out.printf("%d inputs x %d steps: %d input spikes; %s is a readout (%d values read from its voltage, it never"
                            + " spikes; the class is the largest value, R.json output_values)%n", r.get("inputs").asInt(),
                    r.get("steps_per_input").asInt(), r.get("input_spikes").asLong(), port.name(), port.size());
        }
        if (r.has("accuracy")) {
            out.printf("accuracy: %.4f%n", r.get("accuracy").asDouble());
        }
        if (results != null) {
            writeAtomically(results, r.toPrettyString());
            out.println("results: " + results);
        }
        if (plots != null) {
            NirVoltagePlots.write(modelOptions, s, trains, plots, out);
        }
        return 0;
    }

    /** One step is the least a presentation can last (it then has no settling period); run and evaluate agree. */
    static void checkStepsPerInput(int steps, String option) {
        if (steps < 1) {
            throw new LoihiException(HostErrors.RUN_STEPS, "steps per input must be at least 1: " + option + "=" + steps);
        }
    }

    /**
     * The progress journal next to --results (none without it): new, or with --resume the one an
     * interrupted run left, checked to be of this very run (model image, inputs, steps, channel).
     */
    private RunJournal journal(Workload work, int inputs, int settleSteps, ChannelConfig channel) throws IOException {
        if (results == null) {
            if (resume) {
                throw new LoihiException(HostErrors.RUN_RESUME, "--resume needs --results: the journal lives next to the results"
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
        st.set("channel", channel(c, channel));
        st.set("board_failures", JSON.valueToTree(o.boardFailures()));
        return st;
    }

    /** The channel's settings and load over a run: what it carried, its peak, and what it dropped. */
    static ObjectNode channel(ChannelReport c, ChannelConfig channel) {
        ObjectNode ch = JSON.createObjectNode();
        ch.put("snip_max_spikes_per_step", channel.maxSpikesPerStep());
        ch.put("overflow", channel.policy().name().toLowerCase(java.util.Locale.ROOT));
        ch.put("max_spikes_per_step", c.peakSpikesPerStep());
        ch.put("load", (double) c.peakSpikesPerStep() / channel.maxSpikesPerStep());
        ch.put("packets", c.packets());
        ch.put("multi_packet_steps", c.multiPacketSteps());
        ch.put("over_cap_steps", c.overCapSteps());
        ch.put("mean_spikes_per_step", c.steps() == 0 ? 0 : (double) c.spikesSent() / c.steps());
        return ch;
    }

    static ArrayNode layers(List<LayerActivity.Layer> activity, RunLosses.Result losses, JsonNode metadata,
                            Map<String, Integer> units) {
        ArrayNode a = JSON.createArrayNode();
        for (LayerActivity.Layer l : activity) {
            ObjectNode n = a.addObject();
            n.put("name", l.name());
            n.put("neurons", l.neurons());
            Integer u = units.get(l.name());
            if (u != null && u > 0 && l.neurons() % u == 0) {
                // the converter's staggered copies of each unit: why a 64-unit layer has 192 neurons
                n.put("units", u);
                n.put("copies", l.neurons() / u);
            }
            n.put("mean_rate", l.meanRate());
            n.put("silent_neurons", l.silent());
            n.put("saturated_neurons", l.saturated());
            n.put("saturated_fraction", l.saturatedFraction());
            for (LayerLoss loss : losses.losses().layers()) {
                if (loss.name().equals(l.name())) {
                    n.put("clipped_fraction", loss.clipped());
                    n.put("lost_fraction", loss.lost());
                }
            }
            for (JsonNode row : metadata.path("layers")) {
                if (row.path("name").asText().equals(l.name())) {
                    n.put("weight_rms_error", row.path("weightRmsError").asDouble());
                }
            }
        }
        return a;
    }

    /** What the rate code clips and loses on this run's inputs (docs/CONVERSION.md, "Where accuracy goes"). */
    static ObjectNode lossesJson(RunLosses.Result r) {
        ObjectNode n = JSON.createObjectNode();
        RateLoss.Losses l = r.losses();
        n.put("steps", l.steps());
        n.put("measured_on", r.fromRun() ? "run inputs" : "calibration inputs (image metadata)");
        ObjectNode in = n.putObject("input");
        in.put("scale", l.input().scale());
        in.put("clipped_fraction", l.input().clipped());
        in.put("worst_feature", l.input().worstFeature());
        in.put("worst_feature_clipped_fraction", l.input().worstFeatureClipped());
        ArrayNode layers = n.putArray("layers");
        for (LayerLoss layer : l.layers()) {
            ObjectNode o = layers.addObject();
            o.put("name", layer.name());
            o.put("scale", layer.scale());
            o.put("clipped_fraction", layer.clipped());
            o.put("lost_fraction", layer.lost());
        }
        return n;
    }

    /**
     * The readout never spikes: the class is the unit with the largest mean input. How far the
     * winner stands above the runner-up says how sure the chip was.
     */
    static ObjectNode readout(ImageInfo info, double[][] scores) {
        ObjectNode n = JSON.createObjectNode();
        JsonNode outputs = info.metadata().path("outputs");
        n.put("name", outputs.isEmpty() ? "readout" : outputs.get(0).path("name").asText());
        n.put("units", info.readoutSize());
        n.put("classes", info.classes());
        double top = 0;
        double margin = 0;
        for (double[] s : scores) {
            double[] sorted = s.clone();
            Arrays.sort(sorted);
            double best = sorted[sorted.length - 1];
            top += sorted.length == 1 ? Math.abs(best) : best;
            margin += sorted.length == 1 ? Math.abs(best) : best - sorted[sorted.length - 2];
        }
        n.put("mean_top_score", scores.length == 0 ? 0 : top / scores.length);
        n.put("mean_margin", scores.length == 0 ? 0 : margin / scores.length);
        return n;
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
                d.add(String.format("neurons saturate (fire every step, so their values are clipped): layer=%s,"
                        + " saturated=%d of %d on some input, %.2f%% of neuron presentations", l.name(), l.saturated(),
                        l.neurons(), 100 * l.saturatedFraction()));
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
        String load = channelWarning(o.channel(), channel);
        if (load != null) {
            d.add(load);
        }
        for (String w : o.warnings()) {
            d.add("chip warning: " + w);
        }
        d.addAll(compileWarnings(work, true));
        return d;
    }

    /**
     * The compile warnings as run and evaluate print them, so that what compile says about a model
     * (a fallback of its coding, a connection rounded to zero) reaches a user who never ran compile.
     * Run checks weight precision itself against its own limit, so it leaves DISCRETIZE_PRECISION out.
     */
    static List<String> compileWarnings(Workload work, boolean withoutPrecision) {
        List<String> lines = new ArrayList<>();
        for (Diagnostic w : work.compileWarnings()) {
            if (!(withoutPrecision && w.code().equals(CompilerErrors.DISCRETIZE_PRECISION))) {
                lines.add("compile warning: [" + w.code() + "] " + w.message());
            }
        }
        return lines;
    }

    /** A channel that lost spikes (overflow=drop): a warning, as results then differ from the model's. */
    static String channelWarning(ChannelReport c, ChannelConfig channel) {
        if (c.overCapSteps() > 0 && c.spikesDropped() > 0) {
            return "spike channel over its cap: steps_over_cap=" + c.overCapSteps() + ", max_spikes_per_step="
                    + c.peakSpikesPerStep() + ", snip_max_spikes_per_step=" + channel.maxSpikesPerStep()
                    + ", DROPPED=" + c.spikesDropped();
        }
        return null;
    }

    /**
     * A channel over its cap that lost nothing (overflow=split), or near its cap: a note, not a
     * warning, since results are those of an uncapped channel; only the extra packets cost time.
     */
    static String channelNote(ChannelReport c, ChannelConfig channel) {
        if (c.overCapSteps() > 0 && c.spikesDropped() == 0) {
            return "spike channel over its cap, split into extra packets, nothing lost: steps_over_cap="
                    + c.overCapSteps() + ", max_spikes_per_step=" + c.peakSpikesPerStep() + ", snip_max_spikes_per_step="
                    + channel.maxSpikesPerStep() + " (input spikes count once per core they reach; fewer --input-copies,"
                    + " or a larger cap where the board's channel holds it, saves the extra packets)";
        }
        if (c.overCapSteps() == 0 && c.peakSpikesPerStep() > 0.8 * channel.maxSpikesPerStep()) {
            return "spike channel near its cap, nothing lost: max_spikes_per_step=" + c.peakSpikesPerStep()
                    + ", snip_max_spikes_per_step=" + channel.maxSpikesPerStep() + " (" + switch (channel.policy()) {
                        case SPLIT -> "a step over it would be split into extra packets, still losing nothing";
                        case DROP -> "a step over it would drop spikes, overflow=drop";
                        case FAIL -> "a step over it would stop the run, overflow=fail";
                    } + ")";
        }
        return null;
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
        long spikesOut = st.get("spikes_out").asLong();
        // the readout is read as voltage, so a run without spike probes gets no spike back: say nothing of it
        out.printf("steps: %d%s in %.2f s (%,.0f steps/s, %d %s%s); spikes in %d, dropped %d%s%n",
                st.get("steps").asLong(), resumed == 0 ? "" : " (" + resumed + " of them from the journal)",
                st.get("seconds").asDouble(), st.get("steps_per_s").asDouble(),
                st.get("workers").asInt(), st.get("workers").asInt() == 1 ? "worker" : "workers",
                st.has("emulator_adds") ? ", " + st.get("emulator_adds").asText() + " adds" : "", st.get("spikes_in").asLong(),
                st.get("spikes_dropped").asLong(), spikesOut == 0 ? "" : ", out " + spikesOut);
        out.printf("channel: max %d spikes in one step (cap %d, policy %s), %d multi-packet steps, mean %.2f spikes/step%n",
                ch.get("max_spikes_per_step").asLong(), ch.get("snip_max_spikes_per_step").asInt(),
                ch.get("overflow").asText(), ch.get("multi_packet_steps").asLong(), ch.get("mean_spikes_per_step").asDouble());
        for (JsonNode l : r.get("layers")) {
            out.printf("layer %-16s mean rate %.3f spikes/step, neurons silent %d, saturated %d of %d%s%n", l.get("name").asText(),
                    l.get("mean_rate").asDouble(), l.get("silent_neurons").asLong(), l.get("saturated_neurons").asLong(),
                    l.get("neurons").asInt(), (l.path("copies").asInt(1) > 1
                            ? " (" + l.get("units").asInt() + " units x " + l.get("copies").asInt() + " copies)" : "")
                            + (l.has("clipped_fraction") ? String.format(", clipped %.2f%%, lost %.2f%%",
                            100 * l.get("clipped_fraction").asDouble(), 100 * l.get("lost_fraction").asDouble()) : ""));
        }
        if (!r.get("layers").isEmpty()) {
            // the words above, once: a first run should not need the docs to read its summary
            out.println("  (silent: no spike on any diagnostic input; saturated: firing every step, the ceiling, on some input;"
                    + " clipped: values above the top rate; lost: values under one spike per presentation)");
        }
        JsonNode ro = r.get("readout");
        out.printf("readout %-14s %d classes read from its voltage (it never spikes): mean top score %.3f,"
                        + " mean margin over the runner-up %.3f%n", ro.get("name").asText(), ro.get("classes").asInt(),
                ro.get("mean_top_score").asDouble(), ro.get("mean_margin").asDouble());
        for (JsonNode note : r.get("notes")) {
            out.println("note: " + note.asText());
        }
        for (Evaluation.BoardFailure f : o.boardFailures()) {
            out.println("note: " + f.line());
        }
        for (String d : diagnostics) {
            out.println("warning: " + d);
        }
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
            throw new LoihiException(HostErrors.RESULTS_WRITE, "cannot write results: file=" + file + ", reason="
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
