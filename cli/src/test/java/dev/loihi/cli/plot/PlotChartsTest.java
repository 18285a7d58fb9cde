package dev.loihi.cli.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.image.ImageStats;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.junit.jupiter.api.Test;

/** What each plot draws: its axes, series and titles (the data, not the pixels). */
class PlotChartsTest {

    /** Bar {@code index} of a category series: null where the series draws none. */
    private static Number bar(CategoryChart chart, String series, int index) {
        return new java.util.ArrayList<Number>(chart.getSeriesMap().get(series).getYData()).get(index);
    }

    @Test
    void shouldDrawAgreementOnAnAxisThatShowsItsDifferences() {
        XYChart chart = Plots.accuracyChart(new int[] {25, 50, 100}, null, new double[] {0.98, 0.985, 0.99});
        double min = chart.getStyler().getYAxisMin();
        double max = chart.getStyler().getYAxisMax();
        assertTrue(min > 0.9 && min < 0.98 && max > 0.99 && max < 1.0, min + ".." + max);
        assertTrue(chart.getTitle().startsWith("Agreement with the float model"), chart.getTitle());
        assertEquals(List.of("agreement with float model"), List.copyOf(chart.getSeriesMap().keySet()));
    }

    @Test
    void shouldTitleTheCurveWithBothSeriesWhenLabelsAreGiven() {
        XYChart chart = Plots.accuracyChart(new int[] {25, 50}, new double[] {0.6, 0.7}, new double[] {0.9, 0.95});
        assertTrue(chart.getTitle().startsWith("Accuracy against labels and agreement"), chart.getTitle());
        assertEquals(2, chart.getSeriesMap().size());
        assertTrue(chart.getStyler().getYAxisMin() < 0.6 && chart.getStyler().getYAxisMax() > 0.95);
        assertArrayEquals(new double[] {0, 1}, Plots.yRange(null, null));
        assertArrayEquals(new double[] {0.995, 1.0}, Plots.yRange(new double[] {1.0, 1.0}), 1e-12);
    }

    @Test
    void shouldDrawARasterOfCopiesOnTheLayersUnitAxis() {
        // neuron 191 is copy 2 of unit 63
        XYChart chart = Plots.rasterChart("fc1", new int[] {1, 2, 3}, new int[] {0, 4, 191}, 50, 192, 3);
        assertEquals(63.5, chart.getStyler().getYAxisMax());
        double[] y = chart.getSeriesMap().get("spikes").getYData();
        assertArrayEquals(new double[] {0, 1 + 1.0 / 3, 63 + 2.0 / 3}, y, 1e-12);
        assertTrue(chart.getTitle().contains("64 units x 3 copies"), chart.getTitle());
        assertTrue(chart.getYAxisTitle().contains("copies"), chart.getYAxisTitle());
        assertEquals(9.5, Plots.rasterChart("one", new int[0], new int[0], 5, 10, 1).getStyler().getYAxisMax());
    }

    @Test
    void shouldCountSilentNeuronsApartAndLabelBinsByTheirEdges() {
        assertEquals(List.of("silent (0)", "(0.00, 0.05]", "(0.05, 0.10]"), RateHistogram.labels().subList(0, 3));
        assertEquals("(0.95, 1.00]", RateHistogram.labels().get(RateHistogram.BINS));
        int[] counts = RateHistogram.counts(new double[] {0, 0, 0.01, 0.05, 0.051, 1.0});
        assertEquals(2, counts[0], "silent");
        assertEquals(2, counts[1], "(0, 0.05]");
        assertEquals(1, counts[2], "(0.05, 0.10]");
        assertEquals(1, counts[RateHistogram.BINS], "(0.95, 1]");
        CategoryChart chart = RateHistogram.chart("fc1", new double[] {0, 0.3});
        assertEquals(List.of("silent neurons", "firing neurons"), List.copyOf(chart.getSeriesMap().keySet()));
        assertEquals(1.0, bar(chart, "silent neurons", 0).doubleValue());
        assertNull(bar(chart, "firing neurons", 0));
    }

    @Test
    void shouldMapCompartmentsAndSynapseMemoryWithOneCompartmentCoresVisible() {
        List<ImageStats.CoreStats> cores = List.of(
                new ImageStats.CoreStats(0, 0, 0, "bias", 1, 0, 0, 0, 1),
                new ImageStats.CoreStats(1, 0, 1, "fc1", 192, 128, 12288, 400_000, 2));
        List<CategoryChart> panels = CoreMap.charts(cores);
        assertEquals(2, panels.size());
        CategoryChart compartments = panels.get(0);
        CategoryChart synapses = panels.get(1);
        assertTrue(compartments.getTitle().startsWith("Compartments") && synapses.getTitle().startsWith("Synapse memory"));
        // a log axis whose bottom lies below 1, so the bias core's one compartment draws a bar
        assertTrue(compartments.getStyler().isYAxisLogarithmic());
        assertTrue(compartments.getStyler().getYAxisMin() <= 0.5, "" + compartments.getStyler().getYAxisMin());
        assertEquals(1.0, bar(compartments, "bias", 0).doubleValue());
        assertEquals(192.0, bar(compartments, "fc1", 1).doubleValue());
        double used = 100.0 * 400_000 / dev.loihi.image.ChipLimits.SYNAPSE_BITS_PER_CORE;
        assertEquals(used, bar(synapses, "fc1", 1).doubleValue(), 1e-9);
        assertNull(bar(synapses, "bias", 0), "no synapse memory: no bar");
        assertTrue(synapses.getStyler().getYAxisMin() <= used / 2);
    }

    @Test
    void shouldGiveEachLayerAPanelTitledWithItsCorrelation() {
        ActivationRate.Panel good = new ActivationRate.Panel("fc1", new double[] {0, 1, 2, 3}, new double[] {0, 0.1, 0.2, 0.3});
        ActivationRate.Panel lossy = new ActivationRate.Panel("fc2", new double[] {0, 1, 2, 3}, new double[] {0.1, 0, 0.3, 0.2});
        List<XYChart> charts = ActivationRate.charts(List.of(good, lossy));
        assertEquals("fc1: r = 1.000, 4 points", charts.get(0).getTitle());
        assertTrue(charts.get(1).getTitle().startsWith("fc2: r = 0.600"), charts.get(1).getTitle());
        assertArrayEquals(good.rate(), charts.get(0).getSeriesMap().get("units").getYData());
        assertTrue(Double.isNaN(ActivationRate.correlation(new double[] {1, 1}, new double[] {0, 1})));
        assertFalse(Arrays.stream(charts.get(0).getSeriesMap().get("units").getXData()).anyMatch(Double::isNaN));
    }
}
