package dev.loihi.emulator.server;

import dev.loihi.emulator.Emulator;
import dev.loihi.image.Image;
import dev.loihi.snips.SpikeBitsDescriptor;
import dev.loihi.snips.link.SpikeSchedule;
import java.util.Random;

/** Seeded inputs for the relay image, and the same run done by driving the emulator directly. */
final class RelayRuns {
    private RelayRuns() {}

    /** Each step gets up to {@code maxPerStep} host spikes on random axons (repeats allowed). */
    static SpikeSchedule schedule(long seed, int steps, int axons, int maxPerStep) {
        Random random = new Random(seed);
        SpikeSchedule.Builder b = SpikeSchedule.builder(steps);
        for (int t = 0; t < steps; t++) {
            for (int i = random.nextInt(maxPerStep + 1); i > 0; i--) {
                b.add(t, 0, random.nextInt(axons));
            }
        }
        return b.build();
    }

    /** A schedule whose step {@code step} holds {@code spikes} host spikes, every other step none. */
    static SpikeSchedule burst(int steps, int step, int spikes, int axons) {
        SpikeSchedule.Builder b = SpikeSchedule.builder(steps);
        for (int i = 0; i < spikes; i++) {
            b.add(step, 0, i % axons);
        }
        return b.build();
    }

    /** Spike bits of port 0 and voltages of port 1 per step, from Emulator.inject on the image's own input port. */
    static int[][] direct(Image image, SpikeSchedule input) {
        Emulator e = Emulator.load(image);
        int size0 = e.outputSize(0);
        int size1 = e.outputSize(1);
        int words = SpikeBitsDescriptor.words(size0);
        int[] bits = new int[input.steps() * words];
        int[] volts = new int[input.steps() * size1];
        int[] scratch = new int[Math.max(size0, size1)];
        for (int t = 0; t < input.steps(); t++) {
            for (int i = input.start(t); i < input.end(t); i++) {
                e.inject(input.port(i), input.axon(i));
            }
            e.step();
            int n = e.readSpikes(0, scratch);
            for (int k = 0; k < n; k++) {
                SpikeBitsDescriptor.set(bits, t * words, scratch[k]);
            }
            e.readVoltage(1, scratch);
            System.arraycopy(scratch, 0, volts, t * size1, size1);
        }
        return new int[][] {bits, volts};
    }
}
