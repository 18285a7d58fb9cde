package dev.loihi.cli.plot;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Firing rates of one layer's neurons: silent neurons (rate 0) in a bar of their own, then
 * twenty bins of 0.05 spikes per step labelled with their edges, not rounded centres. A silent
 * neuron and one at 0.01 are different failures; one bin would hide which.
 */
final class RateHistogram {
    static final int BINS = 20;
    static final String SILENT = "silent (0)";

    private RateHistogram() {}

    /** Bin labels: {@link #SILENT}, then "(0, 0.05]", "(0.05, 0.10]" ... "(0.95, 1.00]". */
    static List<String> labels() {
        List<String> labels = new ArrayList<>(BINS + 1);
        labels.add(SILENT);
        for (int b = 0; b < BINS; b++) {
            labels.add(String.format(Locale.ROOT, "(%.2f, %.2f]", (double) b / BINS, (double) (b + 1) / BINS));
        }
        return labels;
    }

    /** Neurons per label of {@link #labels}: silent first; a rate r > 0 in bin ceil(r x 20) - 1. */
    static int[] counts(double[] rates) {
        int[] counts = new int[BINS + 1];
        for (double r : rates) {
            if (r <= 0) {
                counts[0]++;
            } else {
                counts[1 + Math.min(BINS - 1, Math.max(0, (int) Math.ceil(r * BINS) - 1))]++;
            }
        }
        return counts;
    }

    static CategoryChart chart(String title, double[] rates) {
        CategoryChart chart = new CategoryChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
                .title("Firing rates: " + title).xAxisTitle("spikes per step (mean over the diagnostic inputs)")
                .yAxisTitle("neurons").build();
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setAvailableSpaceFill(0.9);
        chart.getStyler().setXAxisLabelRotation(45);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setYAxisDecimalPattern("0");
        int[] counts = counts(rates);
        List<Double> silent = new ArrayList<>();
        List<Double> firing = new ArrayList<>();
        for (int k = 0; k < counts.length; k++) {
            // null draws no bar (and no label) where the other series has its values
            silent.add(k == 0 ? (double) counts[k] : null);
            firing.add(k == 0 || counts[k] == 0 ? null : (double) counts[k]);
        }
        chart.addSeries("silent neurons", labels(), silent).setFillColor(new Color(190, 60, 60));
        chart.addSeries("firing neurons", labels(), firing).setFillColor(new Color(30, 60, 140));
        return chart;
    }
}
