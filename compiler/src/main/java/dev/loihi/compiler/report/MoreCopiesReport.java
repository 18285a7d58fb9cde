package dev.loihi.compiler.report;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * More copies of each hidden unit, tried once the search's other stages have chosen, and whether
 * they replaced its choice (docs/CONVERSION.md, "More copies once the weights are sized").
 *
 * @param taken    whether the conversion with {@code replicas} copies replaced the choice
 * @param replicas the copies per hidden unit tried
 * @param judged   calibration inputs both conversions ran on
 * @param before   the choice's score there (null when nothing was judged)
 * @param after    the conversion with more copies' score there (null when nothing was judged)
 * @param note     why nothing was judged, or null
 */
public record MoreCopiesReport(boolean taken, int replicas, int judged, ConversionReport.CandidateScore before,
                               ConversionReport.CandidateScore after,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String note) implements TakenStage {
    /** Nothing judged, and {@code why}: the summary says so, the metadata leaves it out. */
    public static MoreCopiesReport skipped(int replicas, String why) {
        return new MoreCopiesReport(false, replicas, 0, null, null, why);
    }
}
