package dev.loihi.cli.plot;

import dev.loihi.host.NirVoltageTrack;
import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A NIR graph's first neuron on the chip against the exact solution of its equations, with
 * the band the chip's quantization allows around the exact one ({@link NirVoltageTrack}).
 */
public final class VoltagePlot {
    private static final int WIDTH = 1100;
    private static final int HEIGHT = 540;

    private VoltagePlot() {}

    /** The two voltages and the band, to {@code png}; their difference against the bound, to {@code errorPng}. */
    public static void write(Path png, Path errorPng, NirVoltageTrack track) {
        int steps = track.chip().length;
        double[] x = new double[steps];
        double[] upper = new double[steps];
        double[] lower = new double[steps];
        for (int t = 0; t < steps; t++) {
            x[t] = t + 1;
            upper[t] = track.exact()[t] + track.bound();
            lower[t] = track.exact()[t] - track.bound();
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Voltage of " + track.node() + "[0], first input: chip vs exact (bound "
                        + String.format("%.3g", track.bound()) + " thresholds)")
                .xAxisTitle("step").yAxisTitle("(v - v_reset) / (v_threshold - v_reset)").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setMarkerSize(0);
        line(chart, "exact - bound", x, lower, new Color(170, 170, 170), 1f);
        line(chart, "exact + bound", x, upper, new Color(170, 170, 170), 1f);
        line(chart, "exact (NIR, doubles)", x, track.exact(), new Color(200, 60, 40), 2.5f);
        line(chart, "chip (emulator)", x, track.chip(), new Color(30, 60, 140), 1f);
        line(chart, "threshold", new double[] {1, steps}, new double[] {1, 1}, new Color(40, 140, 40), 1f);
        Plots.save(chart, png);

        double[] difference = new double[steps];
        double[] plus = new double[steps];
        double[] minus = new double[steps];
        for (int t = 0; t < steps; t++) {
            difference[t] = track.chip()[t] - track.exact()[t];
            plus[t] = track.bound();
            minus[t] = -track.bound();
        }
        XYChart error = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("chip - exact, " + track.node() + "[0]: worst " + String.format("%.3g", track.worstError())
                        + " of bound " + String.format("%.3g", track.bound()) + " thresholds")
                .xAxisTitle("step").yAxisTitle("thresholds").build();
        error.getStyler().setMarkerSize(0);
        line(error, "bound", x, plus, new Color(170, 170, 170), 1.5f);
        line(error, "-bound", x, minus, new Color(170, 170, 170), 1.5f);
        line(error, "chip - exact", x, difference, new Color(30, 60, 140), 1f);
        Plots.save(error, errorPng);
    }

    private static void line(XYChart chart, String name, double[] x, double[] y, Color color, float width) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(new BasicStroke(width));
    }
}
