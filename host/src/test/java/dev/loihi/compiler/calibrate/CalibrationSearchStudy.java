package dev.loihi.compiler.calibrate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.CompileResult;
import dev.loihi.compiler.ModelLoader;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.host.DataFiles;
import dev.loihi.host.EmulatorPredictor;
import dev.loihi.host.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A measurement, not a check (opt-in, minutes per model): for every candidate percentile of the
 * search, agreement and readout error on the search's calibration subset and agreement on a
 * test set, at several presentation lengths, so that a score can be judged by whether the
 * candidate it ranks first is the one that does best on the test set. docs/CONVERSION.md,
 * "Calibration by search", gives the command and the figures.
 *
 * <p>{@code -Dloihi.search.study=FILE}: each line of FILE is
 * {@code name model weights|- calibration test [p=P] [r=REPLICAS] [c=INPUT_COPIES]}: every candidate
 * percentile, or only P, with the converter's replicas and input copies or those given. The
 * results go to FILE.out as one line per model and candidate.
 */
@EnabledIfSystemProperty(named = "loihi.search.study", matches = ".+")
class CalibrationSearchStudy {
    private static final int[] STEPS = {25, 50, 100, 200};

    @Test
    void shouldMeasureEveryCandidateOnSubsetAndTestSet() throws IOException {
        Path list = Path.of(System.getProperty("loihi.search.study"));
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(list)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            AnnModel ann = ModelLoader.keras(Path.of(f[1]), f[2].equals("-") ? null : Path.of(f[2]));
            Path calibration = Path.of(f[3]);
            double[][] cal = DataFiles.matrix(calibration);
            double[][] test = DataFiles.matrix(Path.of(f[4]));
            double[][] calRef = CalibrationSearch.floatReadout(ann, cal);
            int[] subset = Subset.stratified(CalibrationSearch.classes(calRef), CalibrationSearch.MAX_INPUTS);
            double[][] sx = Subset.rows(cal, subset, 0, subset.length);
            double[][] sref = Subset.rows(calRef, subset, 0, subset.length);
            double[][] testRef = CalibrationSearch.floatReadout(ann, test);
            dump(f[0] + "_Sref", new double[][][] {sref});
            dump(f[0] + "_Tref", new double[][][] {testRef});
            ConvertOptions base = ConvertOptions.defaults();
            double[] percentiles = CalibrationSearch.PERCENTILES;
            for (int k = 5; k < f.length; k++) {
                String v = f[k].substring(2);
                switch (f[k].charAt(0)) {
                    case 'p' -> percentiles = new double[] {Double.parseDouble(v)};
                    case 'r' -> base = base.withReplicas(Integer.parseInt(v));
                    case 'c' -> base = base.withInputCopies(Integer.parseInt(v));
                    default -> throw new IllegalArgumentException("unknown option " + f[k]);
                }
            }
            String label = f[0] + (f.length > 5 ? "[" + String.join(",", java.util.Arrays.copyOfRange(f, 5, f.length)) + "]" : "");
            for (double p : percentiles) {
                CompileResult image = Workload.compile(ann, calibration, base.withPercentile(p),
                        CompileOptions.builder().build());
                EmulatorPredictor emulator = new EmulatorPredictor();
                double[][][] s = emulator.readouts(image.image(), sx, STEPS);
                double[][][] t = emulator.readouts(image.image(), test, STEPS);
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%s %s S", label, p));
                for (double[][] r : s) {
                    row.append(String.format(Locale.ROOT, " %.4f", CalibrationSearch.agreement(r, sref)));
                }
                row.append(" E");
                for (double[][] r : s) {
                    row.append(String.format(Locale.ROOT, " %.4f", CalibrationSearch.relativeError(r, sref)));
                }
                row.append(" T");
                for (double[][] r : t) {
                    row.append(String.format(Locale.ROOT, " %.4f", CalibrationSearch.agreement(r, testRef)));
                }
                out.add(row.toString());
                dump(label + "_" + p + "_S", s);
                dump(label + "_" + p + "_T", t);
                System.out.println(row);
                Files.write(Path.of(list + ".out"), out);
            }
        }
        assertTrue(!out.isEmpty(), "no model listed in " + list);
    }

    /**
     * With {@code -Dloihi.search.dump=DIR}, the readouts themselves, one CSV per candidate and
     * input set (a row per input, the outputs at each length side by side), so that other score
     * rules can be judged on the same runs.
     */
    private static void dump(String name, double[][][] readouts) throws IOException {
        String dir = System.getProperty("loihi.search.dump");
        if (dir == null) {
            return;
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < readouts[0].length; i++) {
            StringBuilder line = new StringBuilder();
            for (double[][] r : readouts) {
                for (double v : r[i]) {
                    line.append(line.length() == 0 ? "" : ",").append(v);
                }
            }
            lines.add(line.toString());
        }
        Files.write(Path.of(dir, name + ".csv"), lines);
    }
}
