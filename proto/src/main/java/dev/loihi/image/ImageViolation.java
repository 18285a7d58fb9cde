package dev.loihi.image;

import dev.loihi.common.LoihiException;

/**
 * A validator failure that remembers which section of the file holds the bad value (and which
 * core, for CORE sections), so the reader can add the file name and the section's offset.
 */
final class ImageViolation extends LoihiException {
    private final ImageSection section;
    private final int coreIndex;

    ImageViolation(String code, String message, ImageSection section, int coreIndex) {
        super(code, message);
        this.section = section;
        this.coreIndex = coreIndex;
    }

    ImageSection section() {
        return section;
    }

    /** -1 outside CORE sections. */
    int coreIndex() {
        return coreIndex;
    }
}
