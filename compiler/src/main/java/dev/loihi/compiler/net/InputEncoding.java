package dev.loihi.compiler.net;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.LoihiException;

/**
 * How the host turns one input vector into spikes. ON_OFF_RATE: feature k has {@code copies}
 * axons per sign; copy c of sign s (0: max(x_k, 0), 1: max(-x_k, 0)) is axon
 * {@code (2k + s) * copies + c} and fires at rate |x_k| / scale through an accumulator that
 * starts at (c + 1/2) / copies and spikes whenever it reaches 1, so the copies together
 * resolve the rate {@code copies} times more finely. NONE: spikes are given directly (native
 * and raw networks).
 *
 * @param windowSteps 0 for a rate code (input every step, readout the mean per step); for a
 *     phase code ({@code phase.PhaseNetwork}) the steps the host sends input in, after which it
 *     sends none, and the readout is the sum over the presentation
 * @param maxSteps 0, or the longest presentation (from a reset state) the image's integrators
 *     are sized for: the compiler bounded u by what worst-case input gathers in that many steps
 *     (docs/CONVERSION.md, "Presentations of at most T steps"), so the host refuses longer ones
 */
public record InputEncoding(Kind kind, int features, double scale, String outputActivation, int copies,
                            int windowSteps, int maxSteps, int readoutParts) {
    public enum Kind { ON_OFF_RATE, NONE }

    public InputEncoding {
        if (copies < 1) {
            throw new LoihiException(CompilerErrors.BAD_ENCODING, "input encoding needs at least one axon per sign: copies=" + copies);
        }
        if (windowSteps < 0) {
            throw new LoihiException(CompilerErrors.BAD_ENCODING, "input window must not be negative: windowSteps=" + windowSteps);
        }
        if (maxSteps < 0) {
            throw new LoihiException(CompilerErrors.BAD_ENCODING, "presentation bound must not be negative: maxSteps=" + maxSteps);
        }
        if (readoutParts < 1) {
            throw new LoihiException(CompilerErrors.BAD_ENCODING, "the readout needs at least one part: readoutParts="
                    + readoutParts);
        }
    }

    /** A readout of one compartment per output. */
    public InputEncoding(Kind kind, int features, double scale, String outputActivation, int copies, int windowSteps,
                         int maxSteps) {
        this(kind, features, scale, outputActivation, copies, windowSteps, maxSteps, 1);
    }

    /** Any presentation length. */
    public InputEncoding(Kind kind, int features, double scale, String outputActivation, int copies, int windowSteps) {
        this(kind, features, scale, outputActivation, copies, windowSteps, 0);
    }

    /** A rate code: input every step. */
    public InputEncoding(Kind kind, int features, double scale, String outputActivation, int copies) {
        this(kind, features, scale, outputActivation, copies, 0);
    }

    /** One axon per sign of each feature. */
    public InputEncoding(Kind kind, int features, double scale, String outputActivation) {
        this(kind, features, scale, outputActivation, 1, 0);
    }

    /** This encoding for presentations of at most {@code maxSteps} steps (0: any length). */
    public InputEncoding withMaxSteps(int maxSteps) {
        return new InputEncoding(kind, features, scale, outputActivation, copies, windowSteps, maxSteps, readoutParts);
    }

    /**
     * This encoding with each output's readout summed by the host over {@code parts} compartments
     * (the readout's compartment p x outputs + j holds part p of output j): a readout reading more
     * axons than a core has is cut by its inputs ({@code AnnToSnn}).
     */
    public InputEncoding withReadoutParts(int parts) {
        return new InputEncoding(kind, features, scale, outputActivation, copies, windowSteps, maxSteps, parts);
    }

    /** Input axons the encoding drives. */
    public int axons() {
        return kind == Kind.ON_OFF_RATE ? 2 * features * copies : features;
    }
}
