package dev.loihi.cli.plot;

import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.keras.FloatModel;
import dev.loihi.host.LayerActivity;
import dev.loihi.host.Workload;
import dev.loihi.image.ImageStats;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The plots of one run: per layer a raster and a rate histogram, the core map, and (for a
 * model with its float weights) float activation against spike rate per layer.
 */
public final class RunPlots {
    private RunPlots() {}

    /** Writes them into {@code dir}; {@code sample} is the inputs {@code activity} was measured on. */
    public static void write(Path dir, Workload work, List<LayerActivity.Layer> activity, double[][] sample,
                             int stepsPerInput) {
        Map<String, Integer> units = units(work);
        for (LayerActivity.Layer l : activity) {
            String safe = l.name().replaceAll("[^A-Za-z0-9_.-]", "_");
            int copies = copies(l, units);
            Plots.raster(dir.resolve("raster_" + safe + ".png"), l.name(), l.rasterSteps(), l.rasterNeurons(),
                    stepsPerInput, l.neurons(), copies);
            Plots.rateHistogram(dir.resolve("rates_" + safe + ".png"), l.name() + ", " + l.neurons() + " neurons"
                    + (copies > 1 ? " (" + l.neurons() / copies + " units x " + copies + " copies)" : "") + ", "
                    + l.inputs() + (l.inputs() == 1 ? " input" : " inputs"), l.rates());
        }
        Plots.coreMap(dir.resolve("core_map.png"), ImageStats.perCore(work.image()));
        List<ActivationRate.Panel> panels = panels(work, activity, sample, units);
        if (!panels.isEmpty()) {
            Plots.activationVsRate(dir.resolve("activation_vs_rate.png"), panels);
        }
    }

    /** Units of each float layer by name; none for a bare image, which keeps no float model. */
    public static Map<String, Integer> units(Workload work) {
        Map<String, Integer> units = new HashMap<>();
        if (work.floatModel() != null) {
            for (DenseLayer layer : work.floatModel().layers()) {
                units.put(layer.name(), layer.units());
            }
        }
        return units;
    }

    /** The converter's copies of each unit (neurons / units), 1 when the layer has no float counterpart. */
    static int copies(LayerActivity.Layer layer, Map<String, Integer> units) {
        Integer u = units.get(layer.name());
        return u != null && u > 0 && layer.neurons() % u == 0 ? layer.neurons() / u : 1;
    }

    /**
     * Per spiking layer with a float layer of the same name: its float outputs on the sample
     * against each unit's rate, the mean over its copies (copy c of unit u is neuron u x copies + c).
     */
    static List<ActivationRate.Panel> panels(Workload work, List<LayerActivity.Layer> activity, double[][] sample,
                                             Map<String, Integer> units) {
        List<ActivationRate.Panel> panels = new ArrayList<>();
        if (work.floatModel() == null || sample.length == 0) {
            return panels;
        }
        List<DenseLayer> layers = work.floatModel().layers();
        List<double[][]> outputs = FloatModel.layerOutputs(work.floatModel(), sample);
        for (LayerActivity.Layer l : activity) {
            for (int k = 0; k < layers.size(); k++) {
                if (!layers.get(k).name().equals(l.name()) || copies(l, units) * layers.get(k).units() != l.neurons()) {
                    continue;
                }
                int n = layers.get(k).units();
                int copies = copies(l, units);
                int inputs = Math.min(sample.length, l.inputRates().length);
                double[] activation = new double[inputs * n];
                double[] rate = new double[inputs * n];
                for (int i = 0; i < inputs; i++) {
                    for (int u = 0; u < n; u++) {
                        activation[i * n + u] = outputs.get(k)[i][u];
                        for (int c = 0; c < copies; c++) {
                            rate[i * n + u] += l.inputRates()[i][u * copies + c] / copies;
                        }
                    }
                }
                panels.add(new ActivationRate.Panel(l.name(), activation, rate));
            }
        }
        return panels;
    }
}
