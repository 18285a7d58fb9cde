package dev.loihi.compiler.report;

import java.util.List;

/**
 * The leak floors the calibration search tried at its chosen percentile and copies, each scored
 * against the choice without a floor, and the one taken (docs/CONVERSION.md, "A leak floor
 * chosen on the emulator (session 13)").
 *
 * @param taken  the floor taken, 1/4096 per step; 0 when none beat the choice without one
 * @param floors the floors run on the emulator, in the order run (a floor whose image is the same
 *               bytes as without it changes nothing and is not run)
 * @param tried  their scores, in the same order
 */
public record LeakFloors(int taken, List<Integer> floors, List<ConversionReport.CandidateScore> tried) {
    public LeakFloors {
        floors = List.copyOf(floors);
        tried = List.copyOf(tried);
    }

    /**
     * Leaves the floors out of the image metadata when none was taken: such an image is the
     * bytes it was before floors were tried. Jackson's value filter: equal means left out.
     */
    public static final class NoneTaken {
        @Override
        public boolean equals(Object o) {
            return o == null || o instanceof LeakFloors f && f.taken() == 0;
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }
}
