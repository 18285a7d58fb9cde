package dev.loihi.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.calibrate.CalibrationSearch;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.discretize.Headroom;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.report.HeadroomReport;
import dev.loihi.compiler.report.MoreCopiesReport;
import dev.loihi.emulator.Emulator;
import dev.loihi.emulator.LoadedNetwork;
import dev.loihi.emulator.ProbeKind;
import dev.loihi.emulator.ProbeTarget;
import dev.loihi.emulator.Probes;
import dev.loihi.image.ChipLimits;
import dev.loihi.image.Image;
import dev.loihi.image.ImageWriter;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.link.LinkOptions;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmulatorPredictorTest {
    /** The search reads short presentations off a long one: they must be exactly the short runs. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void shouldReadEveryLengthOffOnePresentationAsItsOwnRunGivesIt(long seed) {
        Random r = new Random(seed);
        double[][] x = SmallNetworks.inputs(7, 5, r);
        Image image = SmallNetworks.image(x, r);
        int[] steps = {25, 40, 100};
        EmulatorPredictor emulator = new EmulatorPredictor();
        double[][][] together = emulator.readouts(image, x, steps);
        assertEquals(steps.length, together.length);
        ImageInfo info = ImageInfo.of(image);
        try (Workers w = Workers.open(null, LinkOptions.defaults(), 1, image,
                link -> new Presenter(link, info, info.encoder(null), ChannelConfig.defaults()))) {
            for (int k = 0; k < steps.length; k++) {
                // as run presents them: one presentation of steps[k]
                int settle = new Workload(image, info, null, null).defaultSettle(steps[k]);
                double[][] alone = Evaluation.run(w.presenters(), x, steps[k], settle, Progress.NONE).scores();
                for (int i = 0; i < x.length; i++) {
                    assertArrayEquals(alone[i], together[k][i], 0.0, "steps=" + steps[k] + " input=" + i);
                }
            }
        }
    }

    /**
     * The bias trim's view inside an image: from step 0, every layer's rates are what the run's
     * layer activity (probes on one emulator, inputs in turn) counts; from a later step, the
     * spikes after it over the steps after it.
     */
    @ParameterizedTest
    @ValueSource(longs = {4, 5})
    void shouldCountEveryLayersSpikesAsTheLayerActivityDoes(long seed) {
        Random r = new Random(seed);
        double[][] x = SmallNetworks.inputs(9, 5, r);
        Image image = SmallNetworks.image(x, r);
        int steps = 60;
        EmulatorPredictor emulator = new EmulatorPredictor();
        Map<String, double[][]> rates = emulator.layerRates(image, x, steps, 0);
        List<LayerActivity.Layer> layers = LayerActivity.measure(image, ImageInfo.of(image), x, steps);
        assertFalse(layers.isEmpty());
        for (LayerActivity.Layer layer : layers) {
            double[][] mine = rates.get(layer.name());
            for (int i = 0; i < x.length; i++) {
                assertArrayEquals(layer.inputRates()[i], mine[i], 1e-12, layer.name() + " input " + i);
            }
        }
        Map<String, double[][]> late = emulator.layerRates(image, x, steps, 20);
        boolean fired = false;
        for (LayerActivity.Layer layer : layers) {
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < layer.neurons(); j++) {
                    double all = rates.get(layer.name())[i][j] * steps;
                    double after = late.get(layer.name())[i][j] * (steps - 20);
                    assertTrue(after <= all + 1e-9 && after >= all - 20 - 1e-9, layer.name() + " " + i + " " + j);
                    fired |= after > 0;
                }
            }
        }
        assertTrue(fired, "some neuron fires after step 20");
    }

    /**
     * The headroom stage's view inside an image: per layer, the largest |u| of any compartment
     * at the end of any step of any input, as a share of 2^23 - 1, as probes on one emulator
     * presenting the inputs in turn see it.
     */
    @ParameterizedTest
    @ValueSource(longs = {6, 7})
    void shouldFindEveryLayersLargestCurrent(long seed) {
        Random r = new Random(seed);
        double[][] x = SmallNetworks.inputs(9, 5, r);
        Image image = SmallNetworks.image(x, r, CompileOptions.builder().maxSteps(200).build());
        int steps = 80;
        Map<String, Double> peaks = new EmulatorPredictor().currentPeaks(image, x, steps);
        ImageInfo info = ImageInfo.of(image);
        Emulator emulator = LoadedNetwork.of(image).newEmulator(1);
        RateEncoder encoder = info.encoder(null);
        int[] axons = new int[encoder.axons()];
        Map<String, Long> largest = new HashMap<>();
        Probes probes = emulator.probe(ProbeTarget.all(), EnumSet.of(ProbeKind.CURRENT), steps);
        try {
            for (double[] row : x) {
                emulator.reset();
                encoder.present(row);
                for (int t = 0; t < steps; t++) {
                    emulator.inject(0, axons, 0, encoder.next(axons));
                    emulator.step();
                }
                int[][] u = probes.currents();
                for (int k = 0; k < u.length; k++) {
                    String layer = image.cores().get(probes.core(k)).layer();
                    for (int v : u[k]) {
                        largest.merge(layer, Math.abs((long) v), Math::max);
                    }
                }
            }
        } finally {
            probes.close();
        }
        assertEquals(largest.keySet(), peaks.keySet());
        double range = (1 << ChipLimits.U_BITS) - 1;
        largest.forEach((layer, most) -> assertEquals(most / range, peaks.get(layer), 0.0, layer));
        assertTrue(peaks.get("h") > 0 && peaks.get("h") < 1, "the hidden layer's u: " + peaks.get("h"));
    }

    /**
     * The search on the emulator sizes a wide layer's integrator from its peaks: its scale grows,
     * and on sparse inputs the search never saw (as jet images are: a few deposits in a mostly
     * empty image) every sized layer's u stays well inside its range.
     */
    @ParameterizedTest
    @ValueSource(longs = {8, 9})
    void shouldSizeIntegratorsFromThePeaksTheSearchMeasures(long seed) {
        Random r = new Random(seed);
        CalibrationSearch.Result result = searchedOnSparseInputs(r);
        double[][] unseen = sparse(100, 160, r);
        HeadroomReport report = result.report().headroom();
        assertTrue(report != null && report.taken(), "the stage ran and took the sized image: " + report);
        assertFalse(report.layers().isEmpty());
        Map<String, Double> peaks = new EmulatorPredictor().currentPeaks(result.compiled().image(), unseen, 200);
        for (HeadroomReport.LayerHeadroom layer : report.layers()) {
            assertTrue(layer.growth() > 1, layer.toString());
            double peak = peaks.get(layer.name());
            assertTrue(peak < 0.5, layer + ": " + peak + " on unseen inputs");
        }
    }

    /**
     * The search's last stage on the emulator: five copies of each hidden unit are tried, and
     * where they are taken the result's network, report and image agree with one another: the
     * network has five copies per unit, the report counts five, and the image is what that
     * network compiles to with the integrator sizes the report records.
     */
    @ParameterizedTest
    @ValueSource(longs = {8, 10})
    void shouldCompileTheCopiesTheSearchReports(long seed) {
        CalibrationSearch.Result result = searchedOnSparseInputs(new Random(seed));
        CompileOptions bounded = CompileOptions.builder().maxSteps(200).build();
        MoreCopiesReport more = result.report().moreCopies();
        assertTrue(more != null, "more copies were tried");
        int copies = more.taken() ? more.replicas() : ConvertOptions.DEFAULT_REPLICAS;
        assertEquals(copies, result.report().replicas());
        Ensemble h1 = result.network().ensembles().stream().filter(e -> e.name().equals("h1")).findFirst().orElseThrow();
        assertEquals(32 * copies, h1.n());
        Map<String, Headroom> room = new HashMap<>();
        HeadroomReport sized = result.report().headroom();
        if (sized != null && sized.taken()) {
            sized.layers().forEach(l -> room.put(l.name(), new Headroom(l.decayU(), l.factor())));
        }
        assertArrayEquals(ImageWriter.write(Compiler.build(result.network(), bounded.withHeadroom(room))
                        .stamped(result.report()).image()), ImageWriter.write(result.compiled().image()));
    }

    /**
     * A 160-32-16-3 model drawn from {@code r}, searched on the emulator for presentations of 200
     * steps on 300 sparse calibration inputs drawn from {@code r} after it.
     */
    private static CalibrationSearch.Result searchedOnSparseInputs(Random r) {
        AnnModel model = new AnnModel("m", 160, List.of(SmallNetworks.dense("h1", 160, 32, Activation.RELU, r),
                SmallNetworks.dense("h2", 32, 16, Activation.RELU, r), SmallNetworks.dense("out", 16, 3, Activation.SOFTMAX, r)));
        return CalibrationSearch.convert(model, ConvertOptions.defaults().withCalibration(sparse(300, 160, r)),
                CompileOptions.builder().maxSteps(200).build(), new EmulatorPredictor());
    }

    /** Rows of {@code width} values, each nonzero (exponential, mean 1) with probability 1/20. */
    private static double[][] sparse(int rows, int width, Random r) {
        double[][] x = new double[rows][width];
        for (double[] row : x) {
            for (int k = 0; k < width; k++) {
                row[k] = r.nextDouble() < 0.05 ? -Math.log(1 - r.nextDouble()) : 0;
            }
        }
        return x;
    }
}
