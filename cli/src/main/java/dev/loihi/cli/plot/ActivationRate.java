package dev.loihi.cli.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Per layer, each unit's float activation (the Keras model's) against its spike rate on the
 * chip, one point per (input, unit): a layer that converts well draws a straight line through
 * the origin; points on the x axis are values lost below one spike, a flat top is clipping, and
 * a cloud is noise. The panel titles give the correlation, so the layer that loses accuracy
 * stands out.
 */
public final class ActivationRate {
    /** One layer's points: float activation and spike rate per (input, unit), same length. */
    public record Panel(String layer, double[] activation, double[] rate) {}

    private ActivationRate() {}

    static List<XYChart> charts(List<Panel> panels) {
        List<XYChart> charts = new ArrayList<>(panels.size());
        for (Panel p : panels) {
            charts.add(chart(p));
        }
        return charts;
    }

    static XYChart chart(Panel p) {
        double r = correlation(p.activation(), p.rate());
        XYChart chart = new XYChartBuilder().width(Plots.WIDTH / 2 + 100).height(Plots.HEIGHT * 2 / 3)
                .title(p.layer() + ": " + (Double.isNaN(r) ? "r undefined (a constant)" : String.format(Locale.ROOT,
                        "r = %.3f", r)) + ", " + p.activation().length + " points")
                .xAxisTitle("float activation").yAxisTitle("spikes per step").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setMarkerSize(3);
        chart.getStyler().setYAxisMin(0.0);
        double[] x = p.activation().length == 0 ? new double[] {Double.NaN} : p.activation();
        double[] y = p.rate().length == 0 ? new double[] {Double.NaN} : p.rate();
        chart.addSeries("units", x, y).setMarker(SeriesMarkers.CIRCLE).setMarkerColor(new Color(30, 60, 140, 120));
        return chart;
    }

    /** Pearson's r; NaN when either side is constant. */
    static double correlation(double[] x, double[] y) {
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i] / n;
            my += y[i] / n;
        }
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }
}
