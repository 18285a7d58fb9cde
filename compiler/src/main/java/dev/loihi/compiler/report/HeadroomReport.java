package dev.loihi.compiler.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The integrators the calibration search sized from what its inputs drive u to on the emulator,
 * and whether that image replaced the one sized for the worst case (docs/CONVERSION.md, "u sized
 * from calibration peaks").
 *
 * @param taken  whether the image with these blocks' u sized from their peaks was compiled
 * @param margin the share of u's range the measured peaks, grown with the scale, were held within, 1 / margin
 * @param inputs calibration inputs the peaks were measured on
 * @param judged calibration inputs both images then ran on, others where there were enough
 * @param layers per block sized from its peak: the peak, the factor, the scale's growth and u's
 *               peak on the judged inputs
 * @param before the worst-case image's score on the judged inputs (null when nothing was sized)
 * @param after  the measured image's score there (null when nothing was sized)
 * @param note   why no layer was sized, or null when a sized image was judged
 */
public record HeadroomReport(boolean taken, int margin, int inputs, int judged, List<LayerHeadroom> layers,
                             ConversionReport.CandidateScore before, ConversionReport.CandidateScore after,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String note)
        implements TakenStage {
    public HeadroomReport {
        layers = List.copyOf(layers);
    }

    /** Nothing sized, and {@code why}: the summary says so, the metadata leaves it out. */
    public static HeadroomReport skipped(int margin, int inputs, String why) {
        return new HeadroomReport(false, margin, inputs, 0, List.of(), null, null, why);
    }

    /**
     * @param name   the layer
     * @param peak   the largest |u| on the measured inputs at the worst-case scale, share of u's range
     * @param factor how many times the worst-case bound on u the layer's was allowed to be
     * @param growth how many times the worst-case scale the layer's scale became
     * @param unseen the largest |u| on the judged inputs at the grown scale, share of u's range
     * @param decayU the integrator leak held
     */
    public record LayerHeadroom(String name, double peak, int factor, double growth, double unseen, int decayU) {}
}
