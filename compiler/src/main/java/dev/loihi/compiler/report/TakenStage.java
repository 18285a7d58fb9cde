package dev.loihi.compiler.report;

/**
 * A calibration stage whose candidate replaced the choice or did not ({@link BiasTrimReport},
 * {@link HeadroomReport}). A stage that was not taken is left out of the image metadata, so that
 * such an image is the bytes it was before the stage was tried.
 */
public interface TakenStage {
    boolean taken();

    /** Jackson's value filter for a stage's report: equal means left out. */
    final class NotTaken {
        @Override
        public boolean equals(Object o) {
            return o == null || o instanceof TakenStage t && !t.taken();
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }
}
