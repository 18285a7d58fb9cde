package dev.loihi.compiler.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.Compiled;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.CompilerErrors;
import dev.loihi.compiler.convert.AnnToSnn;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Copies the chip does not hold give way down the budget's ladder; anything else is the compile's error. */
class ChipFitTest {
    private static final AnnModel MODEL = new AnnModel("m", 10, List.of(
            new DenseLayer("h", filled(10, 20), new double[20], Activation.RELU),
            new DenseLayer("out", filled(20, 5), new double[5], Activation.LINEAR)));
    private static final ConvertOptions ASKED = ConvertOptions.defaults();
    private static final ConvertOptions DEFAULT = ASKED.withReplicas(3).withInputCopies(4);

    private static double[][] filled(int rows, int columns) {
        double[][] m = new double[rows][columns];
        for (double[] row : m) {
            Arrays.fill(row, 0.5);
        }
        return m;
    }

    /** Compiles the copies asked for, except those in {@code tooBig}, which fail as the placer fails. */
    private static Function<ConvertOptions, Compiled> chip(List<List<Integer>> tried, Set<List<Integer>> tooBig,
                                                           String code) {
        return o -> {
            List<Integer> pair = List.of(o.replicaCount(), o.inputCopyCount());
            tried.add(pair);
            if (tooBig.contains(pair)) {
                throw new LoihiException(code, "model does not fit: cores=200 needed, limit=128");
            }
            return Compiler.build(AnnToSnn.convert(MODEL, o), CompileOptions.defaults());
        };
    }

    /**
     * A layer that reads 3,136 hidden units whole through a window the discretizer keeps on
     * discrete axons (one output position): with three copies its neuron needs 9,408 of a core's
     * 4,096 input axons. Copies are not sure there, so the search compiles them and steps down
     * until one copy fits, where before the compile ended with PARTITION_LIMIT.
     */
    @Test
    void shouldStepDownFromCopiesWhoseNeuronsTakeMoreAxonsThanACoreHas() {
        dev.loihi.compiler.keras.ConvGeometry g = dev.loihi.compiler.keras.ConvGeometry.keras(new int[] {7, 7}, 64,
                new int[] {7, 7}, new int[] {1, 1}, false, 10);
        // seeded random weights: no two positions' lists alike, so sharing would save nothing
        java.util.Random random = new java.util.Random(18);
        double[][] kernel = new double[7 * 7 * 64][10];
        for (double[] row : kernel) {
            for (int j = 0; j < row.length; j++) {
                row[j] = random.nextGaussian();
            }
        }
        AnnModel wide = new AnnModel("wide", 4, List.of(
                new DenseLayer("h", filled(4, 7 * 7 * 64), new double[7 * 7 * 64], Activation.RELU),
                new DenseLayer("c", kernel, new double[10], Activation.RELU, g),
                new DenseLayer("out", filled(10, 3), new double[3], Activation.LINEAR)));
        CalibrationSearch.Result r = CalibrationSearch.convert(wide, ASKED, CompileOptions.defaults(), null);
        assertEquals(1, r.report().replicas(), "one copy of each hidden unit: 3,136 axons");
    }

    @Test
    void shouldTakeTheNextCopiesDownWhileTheChipDoesNotHoldThem() {
        List<List<Integer>> tried = new ArrayList<>();
        ChipFit fit = ChipFit.of(MODEL, ASKED, DEFAULT, o -> false,
                chip(tried, Set.of(List.of(3, 4), List.of(3, 2)), CompilerErrors.PLACE_TOO_BIG));
        assertEquals(List.of(List.of(3, 4), List.of(3, 2), List.of(2, 2)), tried);
        assertEquals(2, fit.options().replicaCount());
        assertEquals(2, fit.options().inputCopyCount());
        assertNotNull(fit.probe(), "the copies taken were compiled: the search starts from that build");
    }

    @Test
    void shouldCompileNothingForCopiesSureToFit() {
        List<List<Integer>> tried = new ArrayList<>();
        ChipFit fit = ChipFit.of(MODEL, ASKED, DEFAULT, o -> true, chip(tried, Set.of(), CompilerErrors.PLACE_TOO_BIG));
        assertEquals(List.of(), tried);
        assertSame(DEFAULT, fit.options());
        assertNull(fit.probe());
        // a neuron no core holds gives way like a chip too small, and the sure pair below is not compiled
        tried.clear();
        fit = ChipFit.of(MODEL, ASKED, DEFAULT, o -> o.replicaCount() < 3,
                chip(tried, Set.of(List.of(3, 4), List.of(3, 2)), CompilerErrors.PARTITION_LIMIT));
        assertEquals(List.of(List.of(3, 4), List.of(3, 2)), tried);
        assertEquals(List.of(2, 2), List.of(fit.options().replicaCount(), fit.options().inputCopyCount()));
        assertNull(fit.probe());
    }

    @Test
    void shouldLeaveOneCopyToTheSearchsOwnCompileAndPassOtherErrorsOn() {
        List<List<Integer>> tried = new ArrayList<>();
        Set<List<Integer>> all = Set.of(List.of(3, 4), List.of(3, 2), List.of(2, 2), List.of(2, 1), List.of(1, 1));
        ChipFit fit = ChipFit.of(MODEL, ASKED, DEFAULT, o -> false, chip(tried, all, CompilerErrors.PLACE_TOO_BIG));
        assertEquals(4, tried.size(), "one copy has nothing below it: not compiled here");
        assertEquals(List.of(1, 1), List.of(fit.options().replicaCount(), fit.options().inputCopyCount()));
        assertNull(fit.probe());
        LoihiException e = assertThrows(LoihiException.class, () -> ChipFit.of(MODEL, ASKED, DEFAULT, o -> false,
                chip(new ArrayList<>(), all, CompilerErrors.PACK_SYNAPSE_FORMATS)));
        assertEquals(CompilerErrors.PACK_SYNAPSE_FORMATS, e.code());
    }
}
