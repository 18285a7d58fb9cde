package dev.loihi.compiler.keras;

import dev.loihi.compiler.CompilerErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loihi.compiler.CompileResult;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.convert.AnnToSnn;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.discretize.Discretizer;
import dev.loihi.compiler.report.LayerRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Quantized weights that fit a synapse (at most 8 bits of magnitude on one power-of-two grid per
 * layer) reach the chip exactly: the compile report shows zero weight error on every layer;
 * ones that do not fit are rounded and a warning says how much error that adds.
 */
class QuantizedCompileTest {
    @TempDir
    Path dir;

    static Stream<Arguments> fittingQuantizers() {
        return Stream.of(
                Arguments.of("quantized_bits(4,0)", QKerasTestModel.quantizer("quantized_bits", "bits", 4, "integer", 0), 1L),
                Arguments.of("quantized_bits(6,0)", QKerasTestModel.quantizer("quantized_bits", "bits", 6, "integer", 0), 2L),
                Arguments.of("quantized_bits(8,2)", QKerasTestModel.quantizer("quantized_bits", "bits", 8, "integer", 2), 3L),
                Arguments.of("quantized_bits(3,0,1,alpha=auto_po2)", QKerasTestModel.quantizer("quantized_bits", "bits", 3,
                        "integer", 0, "symmetric", 1, "alpha", "auto_po2"), 4L),
                // Exponents -4..3: a range of 2^7 fits a mantissa (with max_value 1, -8..0 would not).
                Arguments.of("quantized_po2(4)", QKerasTestModel.quantizer("quantized_po2", "bits", 4), 5L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fittingQuantizers")
    void shouldKeepFittingQuantizedWeightsExact(String label, ObjectNode quantizer, long seed) throws Exception {
        QKerasTestModel q = model(quantizer, seed);
        CompileResult result = compile(q);
        String keep = System.getProperty("loihi.quantized.models");
        if (keep != null) {
            // For the measurement in docs/KERAS_IMPORT.md: the same models as files.
            String stem = label.replaceAll("[^A-Za-z0-9]+", "_");
            Path[] files = q.writeJsonAndWeights(dir);
            Files.copy(files[0], Path.of(keep, stem + ".json"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(files[1], Path.of(keep, stem + "_weights.h5"), StandardCopyOption.REPLACE_EXISTING);
        }
        for (LayerRow row : result.report().layers()) {
            if (row.type().equals("ALWAYS_ON")) {
                continue;
            }
            assertEquals(0.0, row.weightRmsError(), label + " layer " + row.name());
            assertTrue(row.bindingLimit().startsWith("exact"), label + " layer " + row.name() + ": " + row.bindingLimit());
        }
        assertTrue(result.report().warnings().stream().noneMatch(w -> w.code().equals(CompilerErrors.DISCRETIZE_QUANTIZED_INEXACT)),
                result.report().warnings().toString());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldReportTheErrorOfQuantizedWeightsThatDoNotFit(long seed) throws Exception {
        // 14 bits of magnitude on one grid: more than a synapse's 8-bit mantissa holds.
        CompileResult result = compile(model(QKerasTestModel.quantizer("quantized_bits", "bits", 15, "integer", 0), seed));
        LayerRow first = result.report().layers().stream().filter(r -> r.name().equals("fc1")).findFirst().orElseThrow();
        assertTrue(first.weightRmsError() > 0, "fc1 rounded");
        assertTrue(result.report().warnings().stream().anyMatch(w -> w.code().equals(CompilerErrors.DISCRETIZE_QUANTIZED_INEXACT)
                && w.message().contains("ensemble=fc1") && w.message().contains("weightRmsError=")),
                result.report().warnings().toString());
    }

    static Stream<Long> seeds() {
        return Stream.of(11L, 12L, 13L);
    }

    private QKerasTestModel model(ObjectNode quantizer, long seed) {
        return new QKerasTestModel(10, seed)
                .qDense("fc1", 24, quantizer, quantizer, 1.0)
                .qActivation("relu1", QKerasTestModel.quantizer("quantized_relu", "bits", 6, "integer", 0))
                .qDense("fc2", 16, quantizer, quantizer, 1.0)
                .qActivation("relu2", "quantized_relu(4,1)")
                .qDense("out", 4, quantizer, quantizer, 1.0)
                .activation("softmax", "softmax");
    }

    private CompileResult compile(QKerasTestModel q) throws Exception {
        Path[] files = q.writeJsonAndWeights(dir);
        AnnModel model = KerasImporter.load(files[0], files[1]);
        return Compiler.compile(AnnToSnn.convert(model, ConvertOptions.defaults()));
    }
}
