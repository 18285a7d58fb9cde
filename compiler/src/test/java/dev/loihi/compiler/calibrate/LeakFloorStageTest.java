package dev.loihi.compiler.calibrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.Compiled;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.CompilerErrors;
import dev.loihi.compiler.convert.AnnToSnn;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.report.ConversionReport;
import dev.loihi.image.Image;
import dev.loihi.image.ImageWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LeakFloorStageTest {
    private static final CompileOptions DEFAULTS = CompileOptions.defaults();

    /** The emulator exact only on the image with a floor of 256/4096: the stage takes that floor. */
    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14})
    void shouldTakeAFloorThatBeatsTheChoiceBeyondNoise(long seed) {
        AnnModel model = CalibrationSearchTest.model(seed);
        ConvertOptions chosen = fitted(model, 200).withPercentile(99.9);
        Network network = AnnToSnn.convert(model, chosen);
        byte[] plain = bytes(Compiler.compile(network, DEFAULTS).image());
        byte[] floored = bytes(Compiler.compile(network, DEFAULTS.withLeakFloor(256)).image());
        assertFalse(Arrays.equals(plain, floored), "the floor changes this model's image");
        Predictor predictor = (image, rows, steps) -> {
            double[][] out = CalibrationSearch.floatReadout(model, rows);
            if (!Arrays.equals(bytes(image), floored)) {
                for (int i = 0; i < rows.length; i += 3) {
                    out[i] = SurrogateCheckTest.rotated(out[i]);
                }
            }
            return out;
        };
        LeakFloorStage.Outcome outcome = stage(model, chosen, network, predictor);
        assertEquals(256, outcome.taken());
        int at = outcome.report().floors().indexOf(256);
        assertTrue(outcome.report().tried().get(at).chosen());
        assertTrue(outcome.report().tried().get(at).margin() > 0);
        assertEquals(1, outcome.report().tried().stream().filter(ConversionReport.CandidateScore::chosen).count());
    }

    /** Exact everywhere: no floor beats the choice, and the image is the bytes it is without the stage. */
    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23})
    void shouldKeepNoFloorWhenNothingBeatsIt(long seed) {
        AnnModel model = CalibrationSearchTest.model(seed);
        ConvertOptions options = fitted(model, 200);
        List<Integer> calls = new ArrayList<>();
        Predictor exact = (image, rows, steps) -> {
            calls.add(rows.length);
            return CalibrationSearch.floatReadout(model, rows);
        };
        CalibrationSearch.Result r = CalibrationSearch.convert(model, options, DEFAULTS, exact);
        ConversionReport report = r.report();
        assertEquals(0, report.leakFloorTaken());
        assertTrue(report.toSummary().contains("leak floor none"), report.toSummary());
        assertFalse(r.compiled().image().metadata().contains("leakFloor"));
        ConvertOptions chosen = options.withPercentile(report.percentile()).withReplicas(report.replicas())
                .withInputCopies(report.inputCopies());
        Image without = Compiler.compile(AnnToSnn.convert(model, chosen), DEFAULTS, report.withLeakFloor(null)).image();
        assertArrayEquals(bytes(without), bytes(r.compiled().image()));
        assertFalse(calls.isEmpty());
    }

    /** A floor set by the caller is kept, and only leaks the chip offers are accepted. */
    @Test
    void shouldNotRunWhereTheFloorIsSetOrWithoutAPredictor() {
        assertFalse(LeakFloorStage.applies((image, rows, steps) -> null, DEFAULTS.withLeakFloor(128)));
        assertFalse(LeakFloorStage.applies(null, DEFAULTS));
        assertTrue(LeakFloorStage.applies((image, rows, steps) -> null, DEFAULTS));
        LoihiException e = assertThrows(LoihiException.class, () -> DEFAULTS.withLeakFloor(100));
        assertEquals(CompilerErrors.OPTIONS_INVALID, e.code());
        assertTrue(e.getMessage().contains("key=leakFloor"), e.getMessage());
    }

    private static LeakFloorStage.Outcome stage(AnnModel model, ConvertOptions chosen, Network network,
                                                Predictor predictor) {
        double[][] x = chosen.calibrationInputs();
        double[][] reference = CalibrationSearch.floatReadout(model, x);
        int[] subset = Subset.stratified(CalibrationSearch.classes(reference), x.length);
        Compiled built = Compiler.build(network, DEFAULTS);
        Tally incumbent = new Tally(subset.length);
        incumbent.add(predictor, built.stamped(null).image(), x, reference, subset, 0, subset.length);
        return LeakFloorStage.run(network, chosen, DEFAULTS, predictor, x, reference, subset, incumbent, built);
    }

    private static ConvertOptions fitted(AnnModel model, int n) {
        return AnnToSnn.fitted(model, ConvertOptions.defaults().withCalibration(CalibrationSearchTest.inputs(n, n)));
    }

    private static byte[] bytes(Image image) {
        return ImageWriter.write(image);
    }
}
