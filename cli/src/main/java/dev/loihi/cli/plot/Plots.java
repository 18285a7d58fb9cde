package dev.loihi.cli.plot;

import dev.loihi.cli.CliErrors;
import dev.loihi.common.LoihiException;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.nio.file.attribute.PosixFilePermissions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** PNG plots of a run, drawn with XChart: what a person looks at instead of reading numbers. */
public final class Plots {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 540;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {}

    /** Spike raster of one layer: a dot per (step, neuron) spike. */
    public static void raster(Path png, String layer, int[] spikeSteps, int[] spikeNeurons, int steps, int neurons) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Spike raster: " + layer).xAxisTitle("step").yAxisTitle("neuron").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setMarkerSize(3);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax((double) steps);
        chart.getStyler().setYAxisMin(-0.5).setYAxisMax(neurons - 0.5);
        double[] x = new double[Math.max(1, spikeSteps.length)];
        double[] y = new double[x.length];
        if (spikeSteps.length == 0) {
            x[0] = Double.NaN;
            y[0] = Double.NaN;
        }
        for (int i = 0; i < spikeSteps.length; i++) {
            x[i] = spikeSteps[i];
            y[i] = spikeNeurons[i];
        }
        chart.addSeries("spikes", x, y).setMarker(SeriesMarkers.CIRCLE).setMarkerColor(new Color(30, 60, 140));
        save(chart, png);
    }

    /** Histogram of per-neuron firing rates (spikes per step) of one layer. */
    public static void rateHistogram(Path png, String layer, double[] rates) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Firing rates: " + layer).xAxisTitle("spikes per step").yAxisTitle("neurons").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisDecimalPattern("0.00");
        chart.getStyler().setAvailableSpaceFill(0.95);
        List<Double> values = new ArrayList<>(rates.length);
        for (double r : rates) {
            values.add(r);
        }
        if (values.isEmpty()) {
            values.add(0.0);
        }
        Histogram h = new Histogram(values, 20, 0.0, 1.0);
        chart.addSeries("rates", h.getxAxisData(), h.getyAxisData());
        save(chart, png);
    }

    /**
     * The chip and core map: one bar per core ("chip/core"), its height the core's compartment
     * utilisation, its colour the layer that sits on it.
     */
    public static void coreMap(Path png, int[] coreChip, int[] coreOnChip, double[] utilisation, String[] coreLayers) {
        int cores = coreChip.length;
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(WIDTH, 40 + 14 * cores)).height(HEIGHT)
                .title("Core map: " + cores + " cores, compartment utilisation by layer")
                .xAxisTitle("chip/core").yAxisTitle("compartments used / 1024").build();
        chart.getStyler().setStacked(true);
        chart.getStyler().setOverlapped(false);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisLabelRotation(cores > 16 ? 90 : 0);
        List<String> labels = new ArrayList<>(cores);
        for (int i = 0; i < cores; i++) {
            labels.add(coreChip[i] + "/" + coreOnChip[i]);
        }
        java.util.LinkedHashSet<String> layers = new java.util.LinkedHashSet<>(List.of(coreLayers));
        for (String layer : layers) {
            List<Double> heights = new ArrayList<>(cores);
            for (int i = 0; i < cores; i++) {
                heights.add(coreLayers[i].equals(layer) ? utilisation[i] : 0.0);
            }
            chart.addSeries(layer, labels, heights);
        }
        save(chart, png);
    }

    /** Accuracy and float agreement against steps per input. */
    public static void accuracyCurve(Path png, int[] stepsPerInput, double[] accuracy, double[] agreement) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Accuracy against steps per input").xAxisTitle("steps per input").yAxisTitle("fraction").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        double[] x = new double[stepsPerInput.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = stepsPerInput[i];
        }
        if (agreement != null) {
            chart.addSeries("agreement with float model", x, agreement);
        }
        if (accuracy != null) {
            chart.addSeries("accuracy against labels", x, accuracy);
        }
        save(chart, png);
    }

    static void save(Chart<?, ?> chart, Path png) {
        try {
            Path dir = png.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".plot", ".png");
            try (var out = Files.newOutputStream(tmp)) {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            }
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LoihiException(CliErrors.PLOT_WRITE, "cannot write plot: file=" + png + ", reason=" + e.getMessage());
        }
    }
}
