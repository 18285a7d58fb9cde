package dev.loihi.compiler.discretize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.net.Input;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.image.ChipLimits;
import dev.loihi.image.SignMode;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link LeakCompensation} against the chip's integer step ({@link ChipModel}: decay with offset
 * 1, rounding toward zero). One SUBTRACTIVE_RELU neuron at leak a, driven every step through a
 * weight of W thresholds, fires at (W - a (1/2 - s)) / (1 + a) a step: what the compensation's
 * gain assumes. The law is a mean over the phases at which u crosses the threshold; a rate that
 * locks onto one phase is off by at most a W / 2 a step, half of what the leak takes unanswered.
 */
class LeakCompensationTest {
    private static final int STEPS = 2000;
    /** vth = 2^17 chip units, itself a weight (128 x 2^(6 + 4)) for the reset synapse. */
    private static final int VTH_MANT = 2048;
    private static final long VTH = (long) VTH_MANT << ChipLimits.VTH_SHIFT;
    /** Input weights at exponent 3: steps of 512 chip units, 1/256 of a threshold. */
    private static final int WEIGHT_EXP = 3;
    private static final double WEIGHT_STEP = (1 << (ChipLimits.WEIGHT_SHIFT + WEIGHT_EXP)) / (double) VTH;
    private static final double[] STARTS = {1 / 6.0, 1 / 2.0, 5 / 6.0};

    /** Spikes in {@link #STEPS} steps of a neuron whose input axon spikes every step. */
    private static int count(int decayU, double start, int weightMant) {
        // The start sits in the chip bias: 13-bit mantissas at exponent 5 hold any start below 1.
        int biasExp = 5;
        DiscreteBlock block = new DiscreteBlock("e", NeuronType.SUBTRACTIVE_RELU, 1, VTH, VTH_MANT, decayU,
                ChipLimits.DECAY_MAX, ChipLimits.REFRACT_MIN, 64 - Long.numberOfLeadingZeros(VTH),
                Discretizer.VMAX_EXP, new int[] {(int) Math.round(start * VTH / (1 << biasExp))}, new int[] {biasExp});
        DiscreteConnection input = new DiscreteConnection("in", "e", 0, -1, 0, 1, 1, SignMode.EXCITATORY, WEIGHT_EXP,
                new int[] {weightMant}, 0);
        DiscreteNetwork net = new DiscreteNetwork("one", List.of(new Input("in", 1)), List.of(block),
                List.of(input, ResetSynapse.of(block, 0)), List.of("e"), null, List.of());
        ChipModel chip = new ChipModel(net);
        boolean[][] on = {{true}};
        int count = 0;
        for (int t = 0; t < STEPS; t++) {
            count += chip.step(on)[0][0] ? 1 : 0;
        }
        assertEquals(0, chip.wraps());
        return count;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void shouldFireAtTheRateTheGainAssumes(long seed) {
        Random random = new Random(seed);
        for (int k = 3; k < IntegratorLeak.DECAYS.length; k++) {
            int decayU = IntegratorLeak.DECAYS[k];
            double a = (decayU + 1) / (double) ChipLimits.DECAY_ONE;
            assertEquals(1 + a, LeakCompensation.gain(decayU));
            double lawError = 0;
            double leakError = 0;
            for (int trial = 0; trial < 12; trial++) {
                // Well above the leak's dead zone (about a / 2), below one spike a step.
                int lowest = (int) Math.ceil(3 * a / WEIGHT_STEP);
                int mant = lowest + random.nextInt((int) (0.95 / WEIGHT_STEP) - lowest);
                double w = mant * WEIGHT_STEP;
                double s = STARTS[random.nextInt(STARTS.length)];
                int n = count(decayU, s, mant);
                double law = (w - a * (0.5 - s)) / (1 + a) * STEPS;
                String what = "decay_u=" + decayU + ", weight=" + w + ", start=" + s;
                assertEquals(law, n, a * w * STEPS / 2 + 2, what);
                lawError += Math.abs(n - law);
                // What the gain answers: the leak's pull on a firing neuron's mean u, a x rate.
                leakError += Math.abs(n - (w - a * (0.5 - s)) * STEPS);
            }
            assertTrue(lawError < leakError / 2, "decay_u=" + decayU + ", |count - law| summed " + lawError
                    + ", without the slope " + leakError);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {5, 6})
    void shouldGiveCopiesTheirDriveSummedOverStaggeredStarts(long seed) {
        Random random = new Random(seed);
        for (int trial = 0; trial < 8; trial++) {
            int decayU = IntegratorLeak.DECAYS[3 + random.nextInt(IntegratorLeak.DECAYS.length - 3)];
            double a = (decayU + 1) / (double) ChipLimits.DECAY_ONE;
            double drive = 3 * a + random.nextDouble() * (0.95 - 3 * a);
            int mant = (int) Math.round(drive * LeakCompensation.gain(decayU) / WEIGHT_STEP);
            double given = mant * WEIGHT_STEP / LeakCompensation.gain(decayU);
            int sum = 0;
            for (double s : STARTS) {
                sum += count(decayU, s, mant);
            }
            // The starts' offsets a (1/2 - s) cancel; each copy's phase error is at most a W / 2.
            assertEquals(3 * given * STEPS, sum, 3 * (a * given * STEPS / 2 + 2),
                    "decay_u=" + decayU + ", drive=" + given);
        }
    }
}
