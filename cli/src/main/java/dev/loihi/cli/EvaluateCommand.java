package dev.loihi.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loihi.cli.config.LoihiSettings;
import dev.loihi.host.DataFiles;
import dev.loihi.host.Evaluation;
import dev.loihi.host.Presenter;
import dev.loihi.host.Workers;
import dev.loihi.host.Workload;
import dev.loihi.cli.plot.Plots;
import dev.loihi.common.LoihiException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Accuracy and float agreement against steps per input: the whole curve, as a table, JSON and a plot.")
public final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--input", required = true, paramLabel = "X.npy", description = "Inputs, one per row (.npy float32/float64 2-D, or .csv).")
    Path input;

    @Option(names = "--labels", paramLabel = "y.npy", description = "Class labels, one per input (.npy or .csv).")
    Path labels;

    @Option(names = "--steps", split = ",", defaultValue = "25,50,100,200", description = "Steps per input to try (default: ${DEFAULT-VALUE}).")
    List<Integer> steps;

    @Option(names = "--target", paramLabel = "TARGET", description = "emulator (default: in-process), tcp://HOST:PORT or native:LIBRARY[?options].")
    String target;

    @Option(names = "--results", paramLabel = "R.json", description = "Write the curve (agreement, accuracy, steps/s per length) here.")
    Path results;

    @Option(names = "--plots", paramLabel = "DIR", description = "Write the accuracy-against-steps plot here.")
    Path plots;

    @Option(names = "--no-progress", description = "Do not draw a progress bar.")
    boolean noProgress;

    @Mixin
    WorkersOption workers;

    @Mixin
    SettingsOptions settings;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LoihiSettings s = settings.load();
        double[][] x = DataFiles.matrix(input);
        int[] y = labels == null ? null : DataFiles.labels(labels, x.length);
        int workerCount = workers.resolve(s, target, x.length);
        Workload work = Workload.load(modelOptions.model, modelOptions.weights,
                modelOptions.calibrate == null ? input : modelOptions.calibrate, s.nChips(), modelOptions.convertOptions());
        for (int i = 0; i < x.length; i++) {
            work.info().checkWidth(x[i], input, i);
        }
        if (y != null) {
            DataFiles.checkClasses(y, work.info().classes(), labels);
        }
        int[] floatPredictions = work.floatPredictions(x);
        int[] stepArray = steps.stream().mapToInt(Integer::intValue).toArray();
        for (int n : stepArray) {
            if (n < 2) {
                throw new LoihiException("RUN_STEPS", "steps per input must be at least 2: steps=" + n);
            }
            work.info().checkPresentationFits(n, workerCount);
        }
        double[] accuracy = y == null ? null : new double[stepArray.length];
        double[] agreement = floatPredictions == null ? null : new double[stepArray.length];
        PrintWriter out = spec.commandLine().getOut();
        ObjectNode r = RunCommand.JSON.createObjectNode();
        ArrayNode curve = r.putArray("curve");
        r.put("workers", workerCount);
        out.printf("workers: %d%n", workerCount);
        out.printf("%8s %8s %10s %10s %12s%n", "steps", "settle", "accuracy", "agreement", "steps/s");
        try (Workers w = Workers.open(target, s.linkOptions(), workerCount, work.image(),
                link -> new Presenter(link, work.info(), work.info().encoder(input), s.channelConfig()))) {
            for (int k = 0; k < stepArray.length; k++) {
                int settle = work.defaultSettle(stepArray[k]);
                Evaluation.Outcome o = Evaluation.run(w.presenters(), x, stepArray[k], settle,
                        ProgressBars.of(stepArray[k] + " steps", !noProgress));
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
                out.printf("%8d %8d %10s %10s %,12.0f%n", stepArray[k], settle,
                        accuracy == null ? "-" : String.format("%.4f", accuracy[k]),
                        agreement == null ? "-" : String.format("%.4f", agreement[k]), o.stepsPerSecond());
                out.flush();
            }
        }
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
}
