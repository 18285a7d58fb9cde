package dev.loihi.cli.plot;

import dev.loihi.image.ChipLimits;
import dev.loihi.image.ImageStats;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The chip and core map in two panels, one bar per core ("chip/core") coloured by the layer on
 * it: compartments used, and synapse memory used (often the fuller of the two). Log y axes with
 * each bar's value printed on it, so a one-compartment core (the bias block) is as visible as a
 * full one.
 */
final class CoreMap {
    private CoreMap() {}

    static List<CategoryChart> charts(List<ImageStats.CoreStats> cores) {
        double[] compartments = new double[cores.size()];
        double[] synapses = new double[cores.size()];
        for (int i = 0; i < cores.size(); i++) {
            compartments[i] = cores.get(i).compartments();
            synapses[i] = 100 * cores.get(i).synapseMemoryFraction();
        }
        return List.of(
                panel(cores, compartments, "Compartments per core (of " + ChipLimits.COMPARTMENTS_PER_CORE + "), "
                        + cores.size() + " cores", "compartments (log)", ChipLimits.COMPARTMENTS_PER_CORE, "0.#"),
                panel(cores, synapses, "Synapse memory per core (% of the core's "
                        + ChipLimits.SYNAPSE_BITS_PER_CORE / 8 / 1024 + " KiB)", "% used (log)", 100, "0.##"));
    }

    /** One bar per core, one series per layer (null elsewhere), on a log axis from a decade below the least value. */
    static CategoryChart panel(List<ImageStats.CoreStats> cores, double[] values, String title, String yTitle,
                               double top, String pattern) {
        int n = cores.size();
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(Plots.WIDTH, 160 + 30 * n)).height(Plots.HEIGHT / 2 + 60)
                .title(title).xAxisTitle("chip/core").yAxisTitle(yTitle).build();
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(bottom(values)).setYAxisMax(top);
        chart.getStyler().setLabelsVisible(n <= 40);
        chart.getStyler().setYAxisDecimalPattern(pattern);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisLabelRotation(n > 16 ? 90 : 0);
        List<String> labels = new ArrayList<>(n);
        Set<String> layers = new LinkedHashSet<>();
        for (ImageStats.CoreStats c : cores) {
            labels.add(c.chip() + "/" + c.coreOnChip());
            layers.add(c.layer());
        }
        for (String layer : layers) {
            List<Double> heights = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                // a log axis has no 0: an empty core (or another layer's) draws no bar
                heights.add(cores.get(i).layer().equals(layer) && values[i] > 0 ? values[i] : null);
            }
            chart.addSeries(layer, labels, heights);
        }
        return chart;
    }

    /** A power of ten at or below half the least positive value, so the smallest bar still shows. */
    static double bottom(double[] values) {
        double least = Double.POSITIVE_INFINITY;
        for (double v : values) {
            if (v > 0) {
                least = Math.min(least, v);
            }
        }
        return least == Double.POSITIVE_INFINITY ? 0.1 : Math.pow(10, Math.floor(Math.log10(least / 2)));
    }
}
