package dev.loihi.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loihi.cli.config.LoihiSettings;
import dev.loihi.host.DataFiles;
import dev.loihi.host.Evaluation;
import dev.loihi.host.Presenter;
import dev.loihi.host.Workers;
import dev.loihi.host.BoardPool;
import dev.loihi.host.Workload;
import dev.loihi.cli.plot.Plots;
import dev.loihi.snips.ChannelConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import dev.loihi.host.SpikeTrainRunner;
import dev.loihi.image.Image;
import dev.loihi.image.OutputPort;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.concurrent.Callable;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Accuracy and float agreement against steps per input: the whole curve, as a table, JSON and a plot.",
        footerHeading = "%nExamples:%n",
        footer = {
                "  loihi evaluate model.json --weights model_weights.h5 --input x.npy \\",
                "      --labels y.npy --steps 25,50,100 --plots plots",
                "      one row per step count; plots/accuracy_vs_steps.png draws the curve"})
public final class EvaluateCommand extends PresentingCommand implements Callable<Integer> {
    @Option(names = "--steps", paramLabel = "STEPS", split = ",", defaultValue = "25,50,100,200", description = "Steps per input to try, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Integer> steps;

    @Option(names = "--results", paramLabel = "R.json", description = "Write the curve (agreement, accuracy, steps/s per length) here.")
    Path results;

    @Option(names = "--plots", paramLabel = "DIR", description = "Write the accuracy-against-steps plot here.")
    Path plots;

    @Spec
    CommandSpec spec;

    /** The agreement the conversion aims for at long presentations (docs/CONVERSION.md). */
    static final double TARGET_AGREEMENT = 0.99;

    /**
     * The fewest steps tried from which agreement stays at or above {@code target} for every
     * longer presentation tried; -1 when the longest does not reach it.
     */
    static int fewestStepsReaching(int[] steps, double[] agreement, double target) {
        int fewest = -1;
        Integer[] order = new Integer[steps.length];
        for (int k = 0; k < steps.length; k++) {
            order[k] = k;
        }
        java.util.Arrays.sort(order, (a, b) -> Integer.compare(steps[b], steps[a]));
        for (int k : order) {
            if (agreement[k] < target) {
                break;
            }
            fewest = steps[k];
        }
        return fewest;
    }

    @Override
    public Integer call() throws Exception {
        int longest = steps.stream().mapToInt(Integer::intValue).max().orElse(0);
        modelOptions.checkMaxSteps(longest);
        LoihiSettings s = settings.load();
        BoardPool pool = pool();
        pool.check(s.linkOptions());
        if (SpikeRun.applies(modelOptions)) {
            return evaluateSpikes(s, pool.single("an evaluation of spike trains"));
        }
        double[][] x = DataFiles.matrix(input);
        int[] y = labels == null ? null : DataFiles.labels(labels, x.length);
        int[] perBoard = workers.resolve(s, pool, x.length);
        int workerCount = IntStream.of(perBoard).sum();
        Workload work = Workload.load(modelOptions.model, modelOptions.weights,
                modelOptions.calibrate == null ? input : modelOptions.calibrate,
                modelOptions.compileOptions(s.nChips(), longest),
                modelOptions.convertOptions(),
                modelOptions.coding(), modelOptions.inputRange());
        for (int i = 0; i < x.length; i++) {
            work.info().checkWidth(x[i], input, i);
        }
        if (y != null) {
            DataFiles.checkClasses(y, work.info().classes(), labels);
        }
        int[] floatPredictions = work.floatPredictions(x);
        int[] asked = steps.stream().mapToInt(Integer::intValue).toArray();
        for (int n : asked) {
            RunCommand.checkStepsPerInput(n, "steps");
        }
        // A phase-coded image has no readout before its pipeline ends: such lengths are left out
        // of the curve with a note (all of them left out is RUN_STEPS, from the check below).
        int shortest = work.info().shortestPresentation();
        int[] stepArray = IntStream.of(asked).filter(n -> n >= shortest).toArray();
        int[] tooShort = IntStream.of(asked).filter(n -> n < shortest).toArray();
        for (int n : stepArray.length == 0 ? asked : stepArray) {
            work.info().checkPresentationFits(n, workerCount);
        }
        double[] accuracy = y == null ? null : new double[stepArray.length];
        double[] agreement = floatPredictions == null ? null : new double[stepArray.length];
        PrintWriter out = spec.commandLine().getOut();
        ObjectNode r = RunCommand.JSON.createObjectNode();
        ArrayNode curve = r.putArray("curve");
        r.put("workers", workerCount);
        // how the normalization was chosen (search, forced or weights), as run writes it
        r.set("conversion", SnakeCaseKeys.of(work.info().metadata().path("conversion")));
        ChannelConfig channel = s.channelConfig();
        List<String> warnings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int n : tooShort) {
            notes.add("steps_per_input=" + n + ": not run, the phase-coded image's readout is final only after its"
                    + " pipeline: steps=" + n + ", min=" + shortest);
        }
        r.set("steps_not_run", RunCommand.JSON.valueToTree(tooShort));
        try (Workers w = Workers.open(pool, s.linkOptions(), perBoard, work.image(),
                link -> new Presenter(link, work.info(), work.info().encoder(input), channel))) {
            // the table starts once the target answered, so a link error is the only thing printed
            out.printf("workers: %d%n", workerCount);
            out.printf("%8s %8s %10s %10s %12s%n", "steps", "settle", "accuracy", "agreement", "steps/s");
            for (int k = 0; k < stepArray.length; k++) {
                int settle = work.defaultSettle(stepArray[k]);
                Evaluation.Outcome o = Evaluation.run(w, x, stepArray[k], settle,
                        ProgressBars.of(stepArray[k] + " steps", !noProgress), null);
                ObjectNode row = curve.addObject();
                row.put("steps_per_input", stepArray[k]);
                row.put("settle_steps", settle);
                if (accuracy != null) {
                    accuracy[k] = Evaluation.agreement(o.predictions(), y);
                    row.put("accuracy", accuracy[k]);
                }
                if (agreement != null) {
                    agreement[k] = Evaluation.agreement(o.predictions(), floatPredictions);
                    row.put("float_agreement", agreement[k]);
                }
                row.put("steps_per_s", o.stepsPerSecond());
                row.put("spikes_dropped", o.channel().spikesDropped());
                row.set("channel", RunCommand.channel(o.channel(), channel));
                for (Evaluation.BoardFailure f : o.boardFailures()) {
                    notes.add("steps_per_input=" + stepArray[k] + ": " + f.line());
                }
                String note = RunCommand.channelNote(o.channel(), channel);
                if (note != null) {
                    notes.add("steps_per_input=" + stepArray[k] + ": " + note);
                }
                String load = RunCommand.channelWarning(o.channel(), channel);
                if (load != null) {
                    warnings.add("steps_per_input=" + stepArray[k] + ": " + load);
                }
                for (String chip : o.warnings()) {
                    warnings.add("steps_per_input=" + stepArray[k] + ": chip warning: " + chip);
                }
                out.printf("%8d %8d %10s %10s %,12.0f%n", stepArray[k], settle,
                        accuracy == null ? "-" : String.format("%.4f", accuracy[k]),
                        agreement == null ? "-" : String.format("%.4f", agreement[k]), o.stepsPerSecond());
                out.flush();
            }
        }
        if (agreement != null) {
            int fewest = fewestStepsReaching(stepArray, agreement, TARGET_AGREEMENT);
            r.put("steps_to_99_agreement", fewest);
            out.println(fewest < 0 ? String.format("agreement reaches %.0f%% at none of the steps tried",
                    100 * TARGET_AGREEMENT) : String.format("fewest steps reaching %.0f%% agreement: %d (of those tried)",
                    100 * TARGET_AGREEMENT, fewest));
        }
        for (String note : notes) {
            out.println("note: " + note);
        }
        warnings.addAll(RunCommand.compileWarnings(work, false));
        for (String warning : warnings) {
            out.println("warning: " + warning);
        }
        r.set("diagnostics", RunCommand.JSON.valueToTree(warnings));
        r.set("notes", RunCommand.JSON.valueToTree(notes));
        if (y != null && floatPredictions != null) {
            r.put("float_accuracy", Evaluation.agreement(floatPredictions, y));
            out.printf("float model accuracy: %.4f%n", r.get("float_accuracy").asDouble());
        }
        if (results != null) {
            RunCommand.writeAtomically(results, RunCommand.JSON.writeValueAsString(r));
            out.println("results: " + results);
        }
        if (plots != null && accuracy == null && agreement == null) {
            // A bare image without labels has neither curve; an empty chart would look like a failure.
            out.println("plots: none (no --labels and no float model to compare with)");
        } else if (plots != null) {
            Plots.accuracyCurve(plots.resolve("accuracy_vs_steps.png"), stepArray, accuracy, agreement);
            out.println("plots: " + plots);
        }
        return 0;
    }

    /** A spike-driven model (NIR): accuracy per presentation length, spike trains cut to it or values rate-coded. */
    private int evaluateSpikes(LoihiSettings s, String target) {
        PrintWriter out = spec.commandLine().getOut();
        Image image = SpikeRun.image(modelOptions, s, out);
        ObjectNode r = RunCommand.JSON.createObjectNode();
        ArrayNode curve = r.putArray("curve");
        int[] stepArray = steps.stream().mapToInt(Integer::intValue).toArray();
        double[] accuracy = labels == null ? null : new double[stepArray.length];
        out.printf("%8s %10s %14s%n", "steps", "accuracy", "output spikes");
        try (SpikeTrainRunner runner = SpikeTrainRunner.open(image, target, s.linkOptions(), s.channelConfig())) {
            boolean spikes = image.outputs().get(0).kind() == OutputPort.Kind.SPIKES;
            for (int k = 0; k < stepArray.length; k++) {
                RunCommand.checkStepsPerInput(stepArray[k], "steps");
                ObjectNode row = SpikeRun.run(runner, SpikeRun.inputsOfLength(input, runner.inputs(), stepArray[k],
                        SpikeRun.dtSeconds(image)),
                        labels, spikes);
                ObjectNode point = curve.addObject();
                point.put("steps_per_input", stepArray[k]);
                point.set("predictions", row.get("predictions"));
                if (accuracy != null) {
                    accuracy[k] = row.get("accuracy").asDouble();
                    point.put("accuracy", accuracy[k]);
                }
                out.printf("%8d %10s %14.0f%n", stepArray[k], accuracy == null ? "-" : String.format("%.4f", accuracy[k]),
                        row.get("output_spikes").asDouble());
            }
        }
        if (results != null) {
            RunCommand.writeAtomically(results, r.toPrettyString());
            out.println("results: " + results);
        }
        if (plots != null && accuracy != null) {
            Plots.accuracyCurve(plots.resolve("accuracy_vs_steps.png"), stepArray, accuracy, null);
            out.println("plots: " + plots);
        }
        return 0;
    }
}
