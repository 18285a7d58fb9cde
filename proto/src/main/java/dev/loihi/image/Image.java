package dev.loihi.image;

import java.util.List;

/**
 * A compiled network as the chips hold it: the register image of every core, the host's
 * input ports and the outputs the host reads. {@code metadata} is a JSON object written by the
 * compiler (layer report, input encoding, readout); the chip never reads it.
 * The binary layout is in docs/IMAGE_FORMAT.md.
 */
public record Image(int chips, List<CoreImage> cores, List<InputPort> inputs, List<OutputPort> outputs,
                    String metadata) {
    /** Version 2 added population axons, weight lists and route atoms (docs/IMAGE_FORMAT.md). */
    public static final int FORMAT_VERSION = 2;
    /** Version 1 images (discrete axons only) are still read. */
    public static final int OLDEST_READABLE_VERSION = 1;

    public Image {
        cores = List.copyOf(cores);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}
