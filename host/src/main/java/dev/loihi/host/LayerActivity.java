package dev.loihi.host;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loihi.emulator.Emulator;
import dev.loihi.emulator.ProbeKind;
import dev.loihi.emulator.ProbeTarget;
import dev.loihi.emulator.Probes;
import dev.loihi.image.Image;
import dev.loihi.image.OutputPort;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Spiking activity of every layer over a sample of inputs, measured on the in-process emulator
 * with spike probes on all compartments (bit-identical to any target). It feeds the silent- and
 * saturated-layer diagnostics, the rate histograms and the rasters.
 */
public final class LayerActivity {
    /**
     * Per layer: per neuron spikes/step over the sample, and per input of the sample
     * ({@code inputRates[input][neuron]}); raster of the first input; per neuron, the inputs on
     * which it was saturated.
     */
    public record Layer(String name, double[] rates, double[][] inputRates, int[] rasterSteps, int[] rasterNeurons,
                        int neurons, int[] saturatedInputs, int inputs) {
        public long silent() {
            return java.util.Arrays.stream(rates).filter(r -> r == 0).count();
        }

        /**
         * Neurons saturated on at least one input: they fired on every step of the second half of
         * its presentation, the chip's ceiling, so their value was clipped there. (Counting only
         * neurons at the ceiling over the whole sample said 0 while a tenth of the values clipped.)
         */
        public long saturated() {
            return java.util.Arrays.stream(saturatedInputs).filter(n -> n > 0).count();
        }

        /** The fraction of (neuron, input) presentations that saturated. */
        public double saturatedFraction() {
            long all = (long) neurons * Math.max(1, inputs);
            return all == 0 ? 0 : (double) java.util.Arrays.stream(saturatedInputs).asLongStream().sum() / all;
        }

        public double meanRate() {
            return java.util.Arrays.stream(rates).average().orElse(0);
        }
    }

    private LayerActivity() {}

    public static List<Layer> measure(Image image, ImageInfo info, double[][] sample, int steps) {
        info.checkSteps(steps);
        Emulator emulator = Emulator.load(image);
        int cores = image.cores().size();
        // Readout compartments do not spike; leave them out.
        boolean[] readoutCore = new boolean[cores];
        for (OutputPort out : image.outputs()) {
            if (out.kind() == OutputPort.Kind.VOLTAGE) {
                for (int c : out.core()) {
                    readoutCore[c] = true;
                }
            }
        }
        // An ALWAYS_ON block (the compiler's carrier of SUBTRACTIVE_RELU biases) spikes every step
        // by design; counted as a layer it would be reported as saturated.
        Set<String> alwaysOn = new HashSet<>();
        for (JsonNode layer : info.metadata().path("layers")) {
            if ("ALWAYS_ON".equals(layer.path("type").asText())) {
                alwaysOn.add(layer.path("name").asText());
            }
        }
        Map<String, List<Integer>> coresByLayer = new LinkedHashMap<>();
        for (int c = 0; c < cores; c++) {
            if (!readoutCore[c] && !alwaysOn.contains(image.cores().get(c).layer())) {
                coresByLayer.computeIfAbsent(image.cores().get(c).layer(), k -> new ArrayList<>()).add(c);
            }
        }
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, double[][]> inputRates = new LinkedHashMap<>();
        Map<String, List<int[]>> raster = new LinkedHashMap<>();
        Map<String, int[]> saturated = new LinkedHashMap<>();
        int secondHalf = steps - steps / 2;
        for (var e : coresByLayer.entrySet()) {
            int n = 0;
            for (int c : e.getValue()) {
                n += image.cores().get(c).compartments();
            }
            counts.put(e.getKey(), new long[n]);
            inputRates.put(e.getKey(), new double[sample.length][n]);
            saturated.put(e.getKey(), new int[n]);
            raster.put(e.getKey(), new ArrayList<>());
        }
        RateEncoder encoder = info.encoder(null);
        int[] axons = new int[encoder.axons()];
        Probes probes = emulator.probe(ProbeTarget.all(), EnumSet.of(ProbeKind.SPIKES), steps);
        try {
            for (int i = 0; i < sample.length; i++) {
                emulator.reset();
                probes.clear();
                encoder.present(sample[i]);
                for (int t = 0; t < steps; t++) {
                    int n = encoder.next(axons);
                    for (int k = 0; k < n; k++) {
                        emulator.inject(0, axons[k]);
                    }
                    emulator.step();
                }
                int[][] spikeSteps = probes.spikeSteps();
                for (var e : coresByLayer.entrySet()) {
                    long[] layerCounts = counts.get(e.getKey());
                    int offset = 0;
                    for (int c : e.getValue()) {
                        for (int k = 0; k < probes.size(); k++) {
                            if (probes.core(k) != c) {
                                continue;
                            }
                            int neuron = offset + probes.compartment(k);
                            layerCounts[neuron] += spikeSteps[k].length;
                            inputRates.get(e.getKey())[i][neuron] = (double) spikeSteps[k].length / steps;
                            long late = java.util.Arrays.stream(spikeSteps[k]).filter(t -> t >= steps / 2).count();
                            if (late == secondHalf) {
                                saturated.get(e.getKey())[neuron]++;
                            }
                            if (i == 0) {
                                for (int s : spikeSteps[k]) {
                                    raster.get(e.getKey()).add(new int[] {s, neuron});
                                }
                            }
                        }
                        offset += image.cores().get(c).compartments();
                    }
                }
            }
        } finally {
            probes.close();
        }
        List<Layer> layers = new ArrayList<>();
        for (var e : counts.entrySet()) {
            long[] c = e.getValue();
            double[] rates = new double[c.length];
            for (int k = 0; k < c.length; k++) {
                rates[k] = (double) c[k] / ((long) steps * Math.max(1, sample.length));
            }
            List<int[]> r = raster.get(e.getKey());
            int[] rs = new int[r.size()];
            int[] rn = new int[r.size()];
            for (int k = 0; k < rs.length; k++) {
                rs[k] = r.get(k)[0];
                rn[k] = r.get(k)[1];
            }
            layers.add(new Layer(e.getKey(), rates, inputRates.get(e.getKey()), rs, rn, c.length,
                    saturated.get(e.getKey()), sample.length));
        }
        return layers;
    }
}
