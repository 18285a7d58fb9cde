package dev.loihi.cli;

import dev.loihi.cli.example.ExampleData;
import dev.loihi.cli.example.MlpTrainer;
import dev.loihi.cli.example.ModelZoo;
import dev.loihi.common.LoihiException;
import dev.loihi.compiler.io.NpyWriter;
import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.keras.KerasWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The README's main job: make a data set, train a small dense ReLU classifier on it, save it as
 * a Keras HDF5 file, then compile and run that file on the embedded emulator exactly as a user
 * would run their own model. Everything is generated here from fixed seeds; nothing is downloaded.
 */
@Command(name = "example", mixinStandardHelpOptions = true,
        description = "Train a small Keras-format classifier on generated data, compile it and run it on the emulator.",
        footerHeading = "%nExamples:%n",
        footer = {
                "  loihi example --test-inputs 50 --steps-per-input 50 --no-progress",
                "      a quick look; without options it runs 500 test inputs of 200 steps.",
                "      Model, data, results and plots go to loihi-out/example"})
public final class ExampleCommand implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "loihi-out/example", description = "Where the model, data and results go (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--test-inputs", paramLabel = "N", defaultValue = "500", description = "Test inputs to run on the chip (default: ${DEFAULT-VALUE}).")
    int testInputs;

    @Option(names = "--steps-per-input", paramLabel = "STEPS", defaultValue = "200", description = "Steps each test input is shown (default: ${DEFAULT-VALUE}).")
    int stepsPerInput;

    @Option(names = "--target", paramLabel = "TARGET", description = "Where to run (default: the in-process emulator).")
    String target;

    @Option(names = "--workers", paramLabel = "N", description = "Inputs presented at once, as for run (default: setting run.workers).")
    Integer workers;

    @Option(names = "--zoo", description = "Instead: train and save the conversion zoo (docs/CONVERSION.md) in --dir, with its data.")
    boolean zoo;
    @Option(names = "--no-progress", description = "Do not draw a progress bar.")
    boolean noProgress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // Checked before training, which takes a while, rather than by the run at the end.
        if (testInputs < 1 || stepsPerInput < 1) {
            throw new LoihiException(CliErrors.EXAMPLE_ARGUMENT, "example needs at least one test input and one step:"
                    + " test-inputs=" + testInputs + ", steps-per-input=" + stepsPerInput);
        }
        // The same settings the run will read: a worker count it would refuse is refused now.
        WorkerCount.resolve(workers, new SettingsOptions().load(), target, testInputs);
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new LoihiException(CliErrors.EXAMPLE_DIR, "cannot create the example folder: dir=" + dir + ", reason="
                    + e.getClass().getSimpleName());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (zoo) {
            for (ModelZoo m : ModelZoo.all()) {
                ModelZoo.Files f = m.write(dir);
                out.printf("%s: %s%s, calibration %s, test %s (labels %s), float test accuracy %.4f%n", m.name(),
                        f.model(), f.weights() == null ? "" : " --weights " + f.weights(), f.calibration(), f.test(),
                        f.labels(), f.floatAccuracy());
                out.flush();
            }
            return 0;
        }
        int features = 16;
        int classes = 5;
        ExampleData all = ExampleData.generate(42, 3000 + testInputs, features, classes);
        ExampleData train = all.slice(0, 3000);
        ExampleData test = all.slice(3000, 3000 + testInputs);
        MlpTrainer mlp = new MlpTrainer(7, features, 64, 32, classes);
        double loss = mlp.train(train, 30, 32, 0.05, 0.9, 11);
        out.printf("trained 16-64-32-5 ReLU classifier on %d generated samples: loss %.4f, train accuracy %.4f,"
                + " test accuracy %.4f (float)%n", train.x().length, loss, mlp.accuracy(train), mlp.accuracy(test));

        List<DenseLayer> layers = new ArrayList<>();
        for (int l = 0; l < mlp.kernels().length; l++) {
            boolean last = l == mlp.kernels().length - 1;
            layers.add(new DenseLayer("dense_" + (l + 1), mlp.kernels()[l], mlp.biases()[l],
                    last ? Activation.SOFTMAX : Activation.RELU));
        }
        AnnModel model = new AnnModel("example", features, layers);
        Path modelFile = dir.resolve("model.h5");
        KerasWriter.saveH5(model, modelFile);
        NpyWriter.write(dir.resolve("x_train.npy"), train.x());
        NpyWriter.write(dir.resolve("x_test.npy"), test.x());
        long[] labels = new long[test.y().length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = test.y()[i];
        }
        NpyWriter.write(dir.resolve("y_test.npy"), labels);
        out.println("saved Keras model " + modelFile + " and data in " + dir);
        out.flush();

        List<String> args = new ArrayList<>(List.of("run", modelFile.toString(),
                "--calibrate", dir.resolve("x_train.npy").toString(),
                "--input", dir.resolve("x_test.npy").toString(), "--labels", dir.resolve("y_test.npy").toString(),
                "--steps-per-input", Integer.toString(stepsPerInput),
                "--results", dir.resolve("results.json").toString(), "--plots", dir.resolve("plots").toString()));
        if (target != null) {
            args.add("--target");
            args.add(target);
        }
        if (workers != null) {
            args.add("--workers");
            args.add(workers.toString());
        }
        if (noProgress) {
            args.add("--no-progress");
        }
        out.println("$ loihi " + String.join(" ", args));
        out.flush();
        CommandLine root = spec.root().commandLine();
        return root.execute(args.toArray(String[]::new));
    }
}
