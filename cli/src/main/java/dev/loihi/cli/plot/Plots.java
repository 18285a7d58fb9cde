package dev.loihi.cli.plot;

import dev.loihi.cli.CliErrors;
import dev.loihi.common.LoihiException;
import dev.loihi.image.ImageStats;
import org.knowm.xchart.BitmapEncoder;
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
import java.util.List;

/** PNG plots of a run, drawn with XChart: what a person looks at instead of reading numbers. */
public final class Plots {
    static final int WIDTH = 900;
    static final int HEIGHT = 540;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {}

    /** Spike raster of one layer's first input: a dot per (step, neuron) spike. */
    public static void raster(Path png, String layer, int[] spikeSteps, int[] spikeNeurons, int steps, int neurons,
                              int copies) {
        save(rasterChart(layer, spikeSteps, spikeNeurons, steps, neurons, copies), png);
    }

    /**
     * With copies, the y axis counts units, as the layer has them: copy c of unit u (neuron
     * {@code u * copies + c}, the converter's order) is drawn at {@code u + c / copies}, so the
     * axis ends at the layer's unit count rather than at units x copies.
     */
    static XYChart rasterChart(String layer, int[] spikeSteps, int[] spikeNeurons, int steps, int neurons, int copies) {
        int units = neurons / copies;
        String yTitle = copies > 1 ? "unit (its " + copies + " copies side by side in each unit's row)" : "neuron";
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Spike raster: " + layer + ", first input, " + (copies > 1 ? units + " units x " + copies
                        + " copies" : neurons + " neurons")).xAxisTitle("step").yAxisTitle(yTitle).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setMarkerSize(3);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax((double) steps);
        chart.getStyler().setYAxisMin(-0.5).setYAxisMax(units - 0.5);
        double[] x = new double[Math.max(1, spikeSteps.length)];
        double[] y = new double[x.length];
        if (spikeSteps.length == 0) {
            x[0] = Double.NaN;
            y[0] = Double.NaN;
        }
        for (int i = 0; i < spikeSteps.length; i++) {
            x[i] = spikeSteps[i];
            y[i] = spikeNeurons[i] / copies + (double) (spikeNeurons[i] % copies) / copies;
        }
        chart.addSeries("spikes", x, y).setMarker(SeriesMarkers.CIRCLE).setMarkerColor(new Color(30, 60, 140));
        return chart;
    }

    /** Histogram of one layer's per-neuron firing rates, silent neurons in a bar of their own. */
    public static void rateHistogram(Path png, String title, double[] rates) {
        save(RateHistogram.chart(title, rates), png);
    }

    /** The core map: compartments and synapse memory per core, coloured by layer. */
    public static void coreMap(Path png, List<ImageStats.CoreStats> cores) {
        saveAll(CoreMap.charts(cores), 2, 1, png);
    }

    /** Float activation against spike rate, one panel per layer. */
    public static void activationVsRate(Path png, List<ActivationRate.Panel> panels) {
        int columns = Math.min(3, Math.max(1, panels.size()));
        int rows = (panels.size() + columns - 1) / columns;
        saveAll(ActivationRate.charts(panels), rows, columns, png);
    }

    /** Accuracy and float agreement against steps per input. */
    public static void accuracyCurve(Path png, int[] stepsPerInput, double[] accuracy, double[] agreement) {
        save(accuracyChart(stepsPerInput, accuracy, agreement), png);
    }

    /**
     * The y axis spans the values drawn (with a margin), not 0 to 1: agreement from 0.98 to 0.99
     * on a 0-1 axis looks flat, and those differences are what a user chooses the steps by.
     */
    static XYChart accuracyChart(int[] stepsPerInput, double[] accuracy, double[] agreement) {
        String what = agreement != null && accuracy != null ? "Accuracy against labels and agreement with the float model"
                : agreement != null ? "Agreement with the float model" : "Accuracy against labels";
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(what + " against steps per input").xAxisTitle("steps per input")
                .yAxisTitle(agreement != null && accuracy == null ? "fraction of inputs classed as the float model"
                        : "fraction of inputs").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setYAxisDecimalPattern("0.000");
        double[] range = yRange(accuracy, agreement);
        chart.getStyler().setYAxisMin(range[0]).setYAxisMax(range[1]);
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
        return chart;
    }

    /** The smallest and largest value drawn, widened by a tenth of their span (at least 0.005) and kept in [0, 1]. */
    static double[] yRange(double[]... series) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] s : series) {
            if (s != null) {
                for (double v : s) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (min > max) {
            return new double[] {0, 1};
        }
        double margin = Math.max(0.005, (max - min) / 10);
        return new double[] {Math.max(0, min - margin), Math.min(1, max + margin)};
    }

    static void save(Chart<?, ?> chart, Path png) {
        write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    private static <T extends Chart<?, ?>> void saveAll(List<T> charts, int rows, int columns, Path png) {
        write(png, out -> BitmapEncoder.saveBitmap(charts, rows, columns, out, BitmapEncoder.BitmapFormat.PNG));
    }

    private interface Encoder {
        void encode(java.io.OutputStream out) throws IOException;
    }

    /** Through a temporary file, so a reader never sees half a PNG. */
    private static void write(Path png, Encoder encoder) {
        try {
            Path dir = png.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".plot", ".png");
            try (var out = Files.newOutputStream(tmp)) {
                encoder.encode(out);
            }
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LoihiException(CliErrors.PLOT_WRITE, "cannot write plot: file=" + png + ", reason=" + e.getMessage());
        }
    }
}
