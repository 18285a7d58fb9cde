package dev.loihi.cli.example;

import dev.loihi.cli.CliErrors;
import dev.loihi.cli.example.ExampleData.Features;
import dev.loihi.common.LoihiException;
import dev.loihi.compiler.io.NpyWriter;
import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.keras.KerasWriter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Models that differ the way users' dense models differ, on which conversion is judged
 * (docs/CONVERSION.md, "The zoo"): batch norm, heavy pruning, depth, width, ten classes,
 * non-negative pixel-like inputs and heavy-tailed inputs. Each is trained here by
 * {@link MlpTrainer} from fixed seeds and saved as Keras files, so that it reaches the converter
 * through the real importer. The files depend only on the seeds.
 *
 * @param noise spread of each feature around its cluster centre: large enough that the classes overlap
 *     and many inputs lie near a decision boundary, as in real data
 * @param hidden widths of the hidden ReLU layers
 * @param prune fraction of each kernel zeroed after half the training (0 for none)
 * @param batchNorm saved as Dense, BatchNormalization, ReLU per hidden layer (architecture JSON
 *     plus weights HDF5) instead of a full-model HDF5 of Dense layers
 */
public record ModelZoo(String name, Features features, double noise, int inputs, int classes, int[] hidden,
                       double prune, boolean batchNorm) {
    public static final int TRAIN = 4000;
    public static final int TEST = 1000;
    private static final int EPOCHS = 30;

    public static List<ModelZoo> all() {
        return List.of(
                new ModelZoo("bn", Features.GAUSSIAN, 1.6, 16, 5, new int[] {64, 32, 32}, 0, true),
                new ModelZoo("pruned", Features.GAUSSIAN, 1.6, 16, 5, new int[] {128, 64}, 0.9, false),
                new ModelZoo("deep", Features.GAUSSIAN, 1.6, 16, 5, new int[] {64, 64, 64, 64, 64}, 0, false),
                new ModelZoo("wide", Features.GAUSSIAN, 1.8, 24, 5, new int[] {256, 128}, 0, false),
                new ModelZoo("classes10", Features.GAUSSIAN, 1.4, 20, 10, new int[] {64, 64}, 0, false),
                new ModelZoo("pixels", Features.PIXELS, 2.5, 64, 10, new int[] {64, 32}, 0, false),
                new ModelZoo("heavy", Features.HEAVY_TAILED, 1.2, 16, 5, new int[] {64, 32}, 0, false));
    }

    /** Where one model's files went. {@code weights} is null for a full-model HDF5. */
    public record Files(Path model, Path weights, Path calibration, Path test, Path labels, double floatAccuracy) {}

    /**
     * Trains the model and writes {@code NAME.h5} (or {@code NAME.json} + {@code NAME.weights.h5}),
     * {@code NAME_x_train.npy} (the training inputs, for calibration), {@code NAME_x_test.npy}
     * and {@code NAME_y_test.npy} into {@code dir}.
     */
    public Files write(Path dir) {
        long seed = 1000L + name.hashCode();
        ExampleData all = ExampleData.generate(seed, TRAIN + TEST, inputs, classes, features, noise);
        ExampleData train = all.slice(0, TRAIN);
        ExampleData test = all.slice(TRAIN, TRAIN + TEST);
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = inputs;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = classes;
        MlpTrainer mlp = new MlpTrainer(seed + 1, sizes);
        // deeper stacks take a smaller step: momentum SGD at 0.05 diverges on five ReLU layers
        double rate = hidden.length > 3 ? 0.01 : 0.03;
        if (prune > 0) {
            mlp.train(train, EPOCHS / 2, 32, rate, 0.9, seed + 2);
            mlp.prune(prune);
            mlp.train(train, EPOCHS / 2, 32, rate, 0.9, seed + 3);
        } else {
            mlp.train(train, EPOCHS, 32, rate, 0.9, seed + 2);
        }
        checkCoversClasses(mlp, test);
        Path weights = null;
        Path model;
        if (batchNorm) {
            model = dir.resolve(name + ".json");
            weights = dir.resolve(name + ".weights.h5");
            BatchNormModelFile.write(name, mlp, train.x(), seed + 4, model, weights);
        } else {
            model = dir.resolve(name + ".h5");
            KerasWriter.saveH5(annModel(mlp), model);
        }
        Path calibration = dir.resolve(name + "_x_train.npy");
        Path testX = dir.resolve(name + "_x_test.npy");
        Path labels = dir.resolve(name + "_y_test.npy");
        NpyWriter.write(calibration, train.x());
        NpyWriter.write(testX, test.x());
        long[] y = new long[test.y().length];
        for (int i = 0; i < y.length; i++) {
            y[i] = test.y()[i];
        }
        NpyWriter.write(labels, y);
        return new Files(model, weights, calibration, testX, labels, mlp.accuracy(test));
    }

    private AnnModel annModel(MlpTrainer mlp) {
        List<DenseLayer> layers = new ArrayList<>();
        for (int l = 0; l < mlp.kernels().length; l++) {
            boolean last = l == mlp.kernels().length - 1;
            layers.add(new DenseLayer("dense_" + (l + 1), mlp.kernels()[l], mlp.biases()[l],
                    last ? Activation.SOFTMAX : Activation.RELU));
        }
        return new AnnModel(name, inputs, layers);
    }

    /** The zoo's test sets must make the float model name every class, or agreement is judged on a few. */
    private void checkCoversClasses(MlpTrainer mlp, ExampleData test) {
        BitSet seen = new BitSet(classes);
        for (double[] x : test.x()) {
            seen.set(MlpTrainer.argmax(mlp.logits(x)));
        }
        if (seen.cardinality() < classes) {
            throw new LoihiException(CliErrors.ZOO_CLASSES, "zoo model predicts too few classes on its test set: model=" + name
                    + ", classes=" + seen.cardinality() + ", expected=" + classes);
        }
    }
}
