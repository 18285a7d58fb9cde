package dev.loihi.image;

/**
 * Limit and range checks for one part of an image (a core, a port, the network), producing
 * the one-line messages of {@link ImageValidator}: where, which limit or field, and both numbers.
 */
final class ImageChecks {
    private final String where;
    private final ImageSection section;
    private final int coreIndex;

    /** {@code section} is where the checked values live in the file; coreIndex is -1 outside CORE. */
    ImageChecks(String where, ImageSection section, int coreIndex) {
        this.where = where;
        this.section = section;
        this.coreIndex = coreIndex;
    }

    static ImageChecks forCore(int index, CoreImage core) {
        return new ImageChecks("core=" + index + ", chip=" + core.chip() + ", coreOnChip=" + core.coreOnChip()
                + ", layer=" + core.layer(), ImageSection.CORE, index);
    }

    /** A resource count (compartments, axons, memory bits, ...) must not exceed the chip's limit. */
    void limit(String limit, long actual, long max) {
        if (actual > max) {
            throw new ImageViolation(ImageErrors.IMAGE_LIMIT, "image limit exceeded: " + where + ", limit=" + limit
                    + ", max=" + max + ", actual=" + actual, section, coreIndex);
        }
    }

    /** A register value or an index must lie in {@code min..max}; {@code at} locates it ("" for none). */
    void range(String field, String at, long actual, long min, long max) {
        if (actual < min || actual > max) {
            throw rangeError(field, at + (at.isEmpty() ? "" : ", ") + "min=" + min + ", max=" + max
                    + ", actual=" + actual);
        }
    }

    ImageViolation rangeError(String field, String detail) {
        return new ImageViolation(ImageErrors.IMAGE_RANGE, "image value out of range: " + where + ", field=" + field
                + (detail.isEmpty() ? "" : ", " + detail), section, coreIndex);
    }

    void present(String field, Object value) {
        if (value == null) {
            throw rangeError(field, "missing=true");
        }
    }

    /** Names are stored with a u16 byte count and must encode as UTF-8 without loss. */
    void name(String field, String value) {
        present(field, value);
        long bytes = ImageStrings.encodedLength(value);
        if (bytes < 0) {
            throw rangeError(field, "reason=not encodable as UTF-8");
        }
        range(field + "Bytes", "", bytes, 0, ImageLayout.MAX_NAME_BYTES);
    }
}
