package dev.loihi.host;

import dev.loihi.compiler.CompilerErrors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loihi.common.LoihiException;
import dev.loihi.image.Image;
import dev.loihi.image.OutputPort;

import java.nio.file.Path;

/**
 * What the host needs from an image's compiler metadata: how inputs become spikes (encoding
 * kind, features, scale) and how the readout port's voltages become values (scale, decayV).
 */
public record ImageInfo(String inputName, int features, double inputScale, int inputCopies, String outputActivation,
                        int readoutPort, int readoutSize, double readoutScale, int readoutDecayV,
                        JsonNode metadata, PhaseInput phase, int maxSteps, int readoutParts) {

    public static ImageInfo of(Image image) {
        JsonNode meta = metadataOf(image);
        JsonNode enc = meta.path("encoding");
        if (!"ON_OFF_RATE".equals(enc.path("kind").asText())) {
            throw new LoihiException(HostErrors.IMAGE_NOT_RUNNABLE,
                    "image has no rate input encoding (a native or raw network): run needs a converted model,"
                            + " encoding=" + enc.path("kind").asText("none"));
        }
        if (image.inputs().size() != 1) {
            throw new LoihiException(HostErrors.IMAGE_NOT_RUNNABLE, "image must have one input port: inputs=" + image.inputs().size());
        }
        int port = -1;
        for (int p = 0; p < image.outputs().size(); p++) {
            if (image.outputs().get(p).kind() == OutputPort.Kind.VOLTAGE) {
                port = p;
                break;
            }
        }
        if (port < 0) {
            throw new LoihiException(HostErrors.IMAGE_NOT_RUNNABLE, "image has no VOLTAGE readout output");
        }
        OutputPort out = image.outputs().get(port);
        JsonNode outMeta = null;
        for (JsonNode o : meta.path("outputs")) {
            if (out.name().equals(o.path("name").asText())) {
                outMeta = o;
            }
        }
        if (outMeta == null || !outMeta.has("scale")) {
            throw new LoihiException(HostErrors.IMAGE_METADATA, "image metadata lacks the readout scale: output=" + out.name());
        }
        int parts = readoutParts(enc, out);
        return new ImageInfo(image.inputs().get(0).name(), enc.path("features").asInt(), enc.path("scale").asDouble(),
                enc.path("copies").asInt(1),
                enc.path("outputActivation").asText("linear"), port, out.size() / parts, outMeta.path("scale").asDouble(),
                outMeta.path("decayV").asInt(4095), meta, PhaseInput.of(meta), maxSteps(enc), parts);
    }

    /**
     * Compartments each output's readout is summed over (1 when the metadata names none): output
     * j's part p is compartment p x outputs + j of the readout port (docs/CONVERSION.md,
     * "A readout wider than a core").
     */
    private static int readoutParts(JsonNode enc, OutputPort out) {
        JsonNode parts = enc.path("readoutParts");
        if (parts.isMissingNode()) {
            return 1;
        }
        if (!parts.isIntegralNumber() || !parts.canConvertToInt() || parts.asInt() < 1 || out.size() % parts.asInt() != 0) {
            throw new LoihiException(HostErrors.IMAGE_METADATA, "bad readout parts in image: readoutParts=" + parts
                    + ", readout compartments=" + out.size());
        }
        return parts.asInt();
    }

    /** Compartments of the readout port: each output's parts ({@link #readoutParts}). */
    public int readoutCompartments() {
        return readoutSize * readoutParts;
    }

    /** The encoding's presentation bound, 0 when it has none (docs/CONVERSION.md, "Presentations of at most T steps"). */
    private static int maxSteps(JsonNode enc) {
        JsonNode bound = enc.path("maxSteps");
        if (bound.isMissingNode()) {
            return 0;
        }
        if (!bound.isIntegralNumber() || !bound.canConvertToInt() || bound.asInt() < 1) {
            throw new LoihiException(HostErrors.IMAGE_METADATA, "bad presentation bound in image: maxSteps=" + bound);
        }
        return bound.asInt();
    }

    /** Whether the image is phase coded: input in a window, the readout summed (docs/CONVERSION.md). */
    public boolean phaseCoded() {
        return phase != null;
    }

    /** Classes the readout tells apart: one per output, or two for a single (binary) output. */
    public int classes() {
        return readoutSize == 1 ? 2 : readoutSize;
    }

    public RateEncoder encoder(Path source) {
        if (!(inputScale > 0) || features <= 0 || inputCopies < 1 || inputCopies > 64) {
            throw new LoihiException(HostErrors.IMAGE_METADATA, "bad input encoding in image: features=" + features
                    + ", scale=" + inputScale + ", copies=" + inputCopies);
        }
        return new RateEncoder(features, inputScale, inputCopies, phase == null ? 0 : phase.windowSteps());
    }

    public void checkWidth(double[] x, Path source, int row) {
        if (x.length != features) {
            throw new LoihiException(CompilerErrors.INPUT_SHAPE, "input has the wrong width: file=" + source + ", row=" + row
                    + ", width=" + x.length + ", expected=" + features);
        }
        for (int k = 0; k < x.length; k++) {
            if (!Double.isFinite(x[k])) {
                throw new LoihiException(HostErrors.INPUT_NONFINITE, "input value is not finite: file=" + source + ", row="
                        + row + ", column=" + k);
            }
        }
        if (phase != null) {
            phase.checkRange(x, source, row);
        }
    }

    /**
     * The fewest steps a presentation may have: a phase-coded image's pipeline (its readout is
     * final only after it), else 1.
     */
    public int shortestPresentation() {
        return phase == null ? 1 : phase.pipelineSteps();
    }

    /**
     * RUN_STEPS when {@code workers} presentations of {@code steps} steps at once would need more
     * than half this JVM's memory: each holds its input schedule (at most one spike word pair
     * per input axon and step) and its readout trace (one voltage per readout compartment and step).
     */
    public void checkPresentationFits(long steps, int workers) {
        checkSteps(steps);
        if (phase != null) {
            phase.checkSteps(steps);
        }
        long perStep = 8L * features * Math.max(1, inputCopies) + 4L * readoutCompartments();
        long budget = Runtime.getRuntime().maxMemory() / 2;
        if (steps > budget / Math.max(1, perStep) / Math.max(1, workers)) {
            throw new dev.loihi.common.LoihiException(HostErrors.RUN_STEPS, "steps per input exceed what memory holds: steps="
                    + steps + ", workers=" + workers + ", bytesPerStep=" + perStep + ", memoryBudget=" + budget
                    + " (half the JVM's max heap; raise it with -Xmx in LOIHI_JAVA_OPTS)");
        }
    }

    /**
     * RUN_STEPS when a presentation of {@code steps} steps is longer than the image's bound: its
     * integrators are sized for what worst-case input gathers in at most {@link #maxSteps} steps
     * from a reset state, and a longer presentation could wrap one.
     */
    public void checkSteps(long steps) {
        refuseLonger(steps, maxSteps);
    }

    /** As {@link #checkSteps(long)} for any image: one without a rate encoding has no bound. */
    public static void checkSteps(Image image, long steps) {
        refuseLonger(steps, maxSteps(metadataOf(image).path("encoding")));
    }

    /** The image's compiler metadata as JSON (an empty object when it has none). */
    static JsonNode metadataOf(Image image) {
        try {
            return new ObjectMapper().readTree(image.metadata() == null ? "{}" : image.metadata());
        } catch (Exception e) {
            throw new LoihiException(HostErrors.IMAGE_METADATA, "image metadata is not JSON: reason=" + e.getMessage());
        }
    }

    private static void refuseLonger(long steps, int maxSteps) {
        if (maxSteps > 0 && steps > maxSteps) {
            throw new LoihiException(HostErrors.RUN_STEPS, "presentation longer than the image was compiled for: steps="
                    + steps + ", maxSteps=" + maxSteps + " (compile it again with --max-steps " + steps
                    + ", or --max-steps 0 for any length)");
        }
    }

    public long kept(long previousV) {
        long magnitude = (Math.abs(previousV) * (4096 - readoutDecayV)) >> 12;
        return previousV < 0 ? -magnitude : magnitude;
    }
}
