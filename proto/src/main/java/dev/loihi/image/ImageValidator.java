package dev.loihi.image;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The one place an {@link Image} is checked against the chip (ChipLimits, LOIHI.md): resource
 * limits per core ({@code IMAGE_LIMIT}) and every register range and index ({@code IMAGE_RANGE}).
 * The writer runs it before writing and the reader after reading, so neither side ever holds an
 * image a chip could not load. Messages name the core index, chip, layer, the limit or field
 * and both numbers.
 */
public final class ImageValidator {
    private ImageValidator() {}

    public static void validate(Image image) {
        ImageChecks network = new ImageChecks("network", ImageSection.NETWORK, -1);
        network.range("chips", "", image.chips(), 1, ImageLayout.MAX_CHIPS);
        network.limit("cores", image.cores().size(), (long) image.chips() * ChipLimits.CORES_PER_CHIP);
        ImageChecks metadata = new ImageChecks("metadata", ImageSection.METADATA, -1);
        metadata.present("metadata", image.metadata());
        if (ImageStrings.encodedLength(image.metadata()) < 0) {
            throw metadata.rangeError("metadata", "reason=not encodable as UTF-8");
        }
        placement(image);
        for (int i = 0; i < image.cores().size(); i++) {
            CoreValidator.validate(i, image.cores());
        }
        inputs(image);
        outputs(image);
    }

    /** Each core sits on a chip of the image, at a distinct coreOnChip. */
    private static void placement(Image image) {
        Set<Long> used = new HashSet<>();
        for (int i = 0; i < image.cores().size(); i++) {
            CoreImage core = image.cores().get(i);
            ImageChecks check = ImageChecks.forCore(i, core);
            check.range("chip", "", core.chip(), 0, image.chips() - 1);
            check.range("coreOnChip", "", core.coreOnChip(), 0, ChipLimits.CORES_PER_CHIP - 1);
            if (!used.add((long) core.chip() * ChipLimits.CORES_PER_CHIP + core.coreOnChip())) {
                throw check.rangeError("coreOnChip", "reason=two cores share chip " + core.chip() + " slot "
                        + core.coreOnChip());
            }
        }
    }

    private static void inputs(Image image) {
        Set<String> names = new HashSet<>();
        for (InputPort port : image.inputs()) {
            ImageChecks check = new ImageChecks("input=" + port.name(), ImageSection.INPUTS, -1);
            check.name("name", port.name());
            if (!names.add(port.name())) {
                throw check.rangeError("name", "reason=duplicate input name");
            }
            check.range("targetStart", "axon=0", port.targetStart()[0], 0, 0);
            for (int a = 0; a < port.axons(); a++) {
                int[] start = port.targetStart();
                check.range("targetStart", "axon=" + (a + 1), start[a + 1], start[a], port.targetCore().length);
                for (int t = start[a]; t < start[a + 1]; t++) {
                    String at = "axon=" + a + ", target=" + t;
                    axonAddress(check, image.cores(), at, "targetCore", port.targetCore()[t], "targetAxon",
                            port.targetAxon()[t]);
                }
            }
        }
    }

    private static void outputs(Image image) {
        Set<String> names = new HashSet<>();
        List<CoreImage> cores = image.cores();
        for (OutputPort port : image.outputs()) {
            ImageChecks check = new ImageChecks("output=" + port.name(), ImageSection.OUTPUTS, -1);
            check.name("name", port.name());
            check.present("kind", port.kind());
            if (!names.add(port.name())) {
                throw check.rangeError("name", "reason=duplicate output name");
            }
            for (int i = 0; i < port.size(); i++) {
                String at = "entry=" + i;
                check.range("core", at, port.core()[i], 0, cores.size() - 1);
                check.range("compartment", at + ", targetCore=" + port.core()[i], port.compartment()[i], 0,
                        cores.get(port.core()[i]).compartments() - 1);
            }
        }
    }

    private static void axonAddress(ImageChecks check, List<CoreImage> cores, String at, String coreField, int core,
                                    String axonField, int axon) {
        check.range(coreField, at, core, 0, cores.size() - 1);
        check.range(axonField, at + ", targetCore=" + core, axon, 0, cores.get(core).inputAxons().size() - 1);
        if (cores.get(core).inputAxons().get(axon).isPopulation()) {
            // the host sends discrete spikes (no atom), so it can only reach discrete axons
            throw check.rangeError(axonField, at + ", targetCore=" + core + ", axon=" + axon
                    + ", reason=host spikes are discrete but the axon is a population axon");
        }
    }
}
