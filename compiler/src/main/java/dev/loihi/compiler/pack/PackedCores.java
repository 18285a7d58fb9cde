package dev.loihi.compiler.pack;

import dev.loihi.image.CoreImage;
import dev.loihi.image.Image;
import dev.loihi.image.InputPort;
import dev.loihi.image.OutputPort;
import java.util.List;

/**
 * Output of {@link Packer}: everything of the image but its metadata, plus the routing
 * statistics the report needs. {@code interChipRoutes} counts core-to-core routes whose source
 * and target sit on different chips.
 */
public record PackedCores(int chips, List<CoreImage> cores, List<InputPort> inputs, List<OutputPort> outputs,
                          long routes, long interChipRoutes) {
    public PackedCores {
        cores = List.copyOf(cores);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public Image toImage(String metadata) {
        return new Image(chips, cores, inputs, outputs, metadata);
    }
}
