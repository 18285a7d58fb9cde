package dev.loihi.image;

/**
 * Section types of the image file, in the only order a file may hold them:
 * NETWORK, one CORE per core, INPUTS, OUTPUTS, METADATA, END. The numbers are part of the
 * format (docs/IMAGE_FORMAT.md); never renumber, add a new type with a new format version.
 */
public enum ImageSection {
    NETWORK(1),
    CORE(2),
    INPUTS(3),
    OUTPUTS(4),
    METADATA(5),
    END(6);

    private final int type;

    ImageSection(int type) {
        this.type = type;
    }

    /** The u16 written in the section header. */
    public int type() {
        return type;
    }

    /** The section with this type number, or null for a number the format does not define. */
    public static ImageSection ofType(int type) {
        for (ImageSection s : values()) {
            if (s.type == type) {
                return s;
            }
        }
        return null;
    }
}
