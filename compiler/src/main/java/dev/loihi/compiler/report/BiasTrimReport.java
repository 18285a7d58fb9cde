package dev.loihi.compiler.report;

import java.util.List;

/**
 * The biases the calibration search trimmed on the emulator, and whether the trimmed network
 * replaced the choice (docs/CONVERSION.md, "Biases trimmed on the emulator (session 15)").
 *
 * @param taken  whether the trimmed network beat the choice beyond noise and was compiled
 * @param inputs calibration inputs the trim was measured on
 * @param judged calibration inputs both networks then ran on, others where there were enough
 * @param layers per trimmed layer, how far its biases moved
 * @param before the choice's score on the judged inputs
 * @param after  the trimmed network's score there
 */
public record BiasTrimReport(boolean taken, int inputs, int judged, List<LayerTrim> layers,
                             ConversionReport.CandidateScore before, ConversionReport.CandidateScore after)
        implements TakenStage {
    public BiasTrimReport {
        layers = List.copyOf(layers);
    }

    /**
     * @param name    the layer
     * @param trimmed units with enough inputs in their rate range to be trimmed
     * @param units   units of the layer
     * @param rms     RMS over the trimmed units of the bias shift, spikes per step
     */
    public record LayerTrim(String name, int trimmed, int units, double rms) {}
}
