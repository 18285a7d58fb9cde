package dev.loihi.host;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loihi.compiler.convert.LayerScales;
import dev.loihi.compiler.convert.RateLoss;
import dev.loihi.compiler.report.ConversionReport.LayerLoss;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a run's values are lost, for its own inputs and presentation length: inputs the encoder
 * clips (always measurable: the image holds the input scale), and per hidden layer the
 * activations clipped at one spike per step and lost below one spike per presentation
 * (measured with the float model when the run has it; from a bare image, the calibration's
 * figures stored in its metadata).
 */
public final class RunLosses {
    /** Warn when more than this fraction of a layer's positive activations (or of a feature's values) clips. */
    public static final double CLIPPED_WARNING = 0.01;
    /** Warn when more than this fraction of a layer's positive activations gives no spike in a presentation. */
    public static final double LOST_WARNING = 0.05;

    private RunLosses() {}

    /** The losses, with {@code fromRun} false when the layers' figures are the calibration's. */
    public record Result(RateLoss.Losses losses, boolean fromRun) {}

    public static Result measure(Workload work, double[][] x, int steps) {
        JsonNode conversion = work.info().metadata().path("conversion");
        JsonNode layers = conversion.path("layers");
        if (work.floatModel() != null && layers.size() > 0) {
            double[] hidden = new double[layers.size()];
            for (int l = 0; l < hidden.length; l++) {
                hidden[l] = layers.get(l).path("scale").asDouble();
            }
            LayerScales scales = new LayerScales(work.info().inputScale(), hidden, true);
            return new Result(RateLoss.measure(work.floatModel(), scales, conversion.path("maxRate").asDouble(1.0), x,
                    steps), true);
        }
        List<LayerLoss> stored = new ArrayList<>();
        for (JsonNode l : layers) {
            stored.add(new LayerLoss(l.path("name").asText(), l.path("scale").asDouble(), l.path("clipped").asDouble(),
                    l.path("lost").asDouble()));
        }
        return new Result(new RateLoss.Losses(conversion.path("lossSteps").asInt(steps),
                RateLoss.input(x, work.info().inputScale()), stored), false);
    }

    /** One line per loss past its threshold, naming the layer (or feature) and the fraction. */
    public static List<String> warnings(Result r) {
        List<String> d = new ArrayList<>();
        RateLoss.Losses l = r.losses();
        if (l.input().worstFeatureClipped() > CLIPPED_WARNING) {
            d.add(String.format(Locale.ROOT, "inputs clipped by the encoder (values above its scale send one spike"
                            + " per step): feature=%d, clipped=%.2f%% of its non-zero values, all features %.2f%%,"
                            + " scale=%.4g",
                    l.input().worstFeature(), 100 * l.input().worstFeatureClipped(), 100 * l.input().clipped(),
                    l.input().scale()));
        }
        String where = r.fromRun() ? "" : " (calibration inputs at " + l.steps() + " steps)";
        for (LayerLoss layer : l.layers()) {
            if (layer.clipped() > CLIPPED_WARNING) {
                d.add(String.format(Locale.ROOT, "layer clips values above its max rate: layer=%s, clipped=%.2f%%"
                        + " of its positive activations%s", layer.name(), 100 * layer.clipped(), where));
            }
            if (layer.lost() > LOST_WARNING) {
                d.add(String.format(Locale.ROOT, "layer loses small values (under one spike per presentation):"
                        + " layer=%s, lost=%.2f%% of its positive activations at %d steps%s", layer.name(),
                        100 * layer.lost(), l.steps(), where));
            }
        }
        return d;
    }
}
