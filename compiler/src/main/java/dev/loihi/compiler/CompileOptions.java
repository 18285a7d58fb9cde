package dev.loihi.compiler;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.discretize.BlockDynamics;
import dev.loihi.compiler.discretize.Headroom;
import dev.loihi.compiler.discretize.LeakBalance;
import dev.loihi.image.ImageLayout;
import java.util.Map;

/**
 * Settings of one compilation, checked once when built.
 *
 * @param chips     chips the image may use (128 cores each); 1 by default, as on Kapoho Bay
 * @param dtSeconds the model time one chip step stands for, recorded in the image metadata: 1 ms
 *                  for converted and native networks (their time constants are given at 1 ms),
 *                  the {@code --dt} a NIR graph was discretized at
 * @param leakFloor the weakest integrator leak, in 1/4096 per step, that a SUBTRACTIVE_RELU
 *                  block with rounded weights may take: 0 (none, the balance's own choice,
 *                  the default) or a leak the chip offers, 1, 2, 4, ..., 256; the calibration
 *                  search chooses it per model (docs/CONVERSION.md, "A leak floor chosen on the
 *                  emulator (session 13)")
 * @param maxSteps  0 (the default: integrators sized for presentations of any length) or the
 *                  longest presentation, from a reset state, the image will be run for: a
 *                  SUBTRACTIVE_RELU block's u is then sized for what worst-case input gathers in
 *                  that many steps, which allows larger scales and weaker leaks, and the image
 *                  records the bound, which the host enforces (docs/CONVERSION.md, "Presentations
 *                  of at most T steps"); at least {@link #MIN_MAX_STEPS}, the calibration search's
 *                  longest presentation
 * @param headroom  by ensemble name, SUBTRACTIVE_RELU blocks whose u is sized for a share of its
 *                  worst case at a leak held ({@link Headroom}); empty by default: every u is
 *                  sized for the worst case. The calibration search sets it from what its
 *                  inputs drive u to on the emulator
 * @param worstCase whether every u must hold the worst case, so that no input can wrap it: the
 *                  calibration search then sizes none from its inputs (false by default)
 */
public record CompileOptions(int chips, double dtSeconds, int leakFloor, int maxSteps, Map<String, Headroom> headroom,
                             boolean worstCase) {
    public static final int DEFAULT_CHIPS = 1;
    public static final double DEFAULT_DT_SECONDS = BlockDynamics.DT_SECONDS;
    public static final int DEFAULT_LEAK_FLOOR = 0;
    /** The calibration search presents 200 steps, so no image is bounded below that. */
    public static final int MIN_MAX_STEPS = 200;

    public CompileOptions {
        if (chips < 1 || chips > ImageLayout.MAX_CHIPS) {
            throw new LoihiException(CompilerErrors.OPTIONS_INVALID, "compile option out of range: key=chips, value=" + chips + ", min=1, max="
                    + ImageLayout.MAX_CHIPS);
        }
        if (!(dtSeconds > 0) || !Double.isFinite(dtSeconds)) {
            throw new LoihiException(CompilerErrors.OPTIONS_INVALID, "compile option out of range: key=dt, value=" + dtSeconds
                    + ", min=0 (exclusive)");
        }
        if (leakFloor != 0 && !LeakBalance.offers(leakFloor)) {
            throw new LoihiException(CompilerErrors.OPTIONS_INVALID, "compile option out of range: key=leakFloor, value="
                    + leakFloor + ", allowed=0 or a power of two from 1 to " + LeakBalance.STRONGEST_LEAK);
        }
        if (maxSteps != 0 && maxSteps < MIN_MAX_STEPS) {
            throw new LoihiException(CompilerErrors.OPTIONS_INVALID, "compile option out of range: key=max-steps, value="
                    + maxSteps + ", allowed=0 (any length) or at least " + MIN_MAX_STEPS);
        }
        headroom = Map.copyOf(headroom);
        if (worstCase && !headroom.isEmpty()) {
            throw new LoihiException(CompilerErrors.OPTIONS_INVALID, "compile option conflict: key=headroom, value="
                    + headroom.keySet() + ", with worstCase=true");
        }
    }

    /** These options with the weakest leak a rounded block may take set to {@code leakFloor} (0: none). */
    public CompileOptions withLeakFloor(int leakFloor) {
        return new CompileOptions(chips, dtSeconds, leakFloor, maxSteps, headroom, worstCase);
    }

    /** These options with {@code headroom} for the blocks it names instead of this one's. */
    public CompileOptions withHeadroom(Map<String, Headroom> headroom) {
        return new CompileOptions(chips, dtSeconds, leakFloor, maxSteps, headroom, worstCase);
    }

    public static CompileOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private int chips = DEFAULT_CHIPS;
        private double dtSeconds = DEFAULT_DT_SECONDS;
        private int leakFloor = DEFAULT_LEAK_FLOOR;
        private int maxSteps;
        private boolean worstCase;

        private Builder() {}

        public Builder chips(int chips) {
            this.chips = chips;
            return this;
        }

        public Builder dtSeconds(double dtSeconds) {
            this.dtSeconds = dtSeconds;
            return this;
        }

        public Builder leakFloor(int leakFloor) {
            this.leakFloor = leakFloor;
            return this;
        }

        public Builder maxSteps(int maxSteps) {
            this.maxSteps = maxSteps;
            return this;
        }

        public Builder worstCase(boolean worstCase) {
            this.worstCase = worstCase;
            return this;
        }

        public CompileOptions build() {
            return new CompileOptions(chips, dtSeconds, leakFloor, maxSteps, Map.of(), worstCase);
        }
    }
}
