package dev.loihi.emulator;

import dev.loihi.host.ImageInfo;
import dev.loihi.host.RateEncoder;

/**
 * One emulator fed as the host feeds it: at the start of each input the state is reset and the
 * CLI's {@link RateEncoder} takes the input; every step its spikes go to the input port, the
 * chip steps and the readout's voltages are read.
 */
final class HostPresentation {
    final Emulator emulator;
    private final RateEncoder encoder;
    private final double[][] inputs;
    private final int stepsPerInput;
    private final int[] axons;
    private final int[] voltage;
    private final int readout;
    private int step;
    private int input;
    private long hostSpikes;

    HostPresentation(LoadedNetwork network, ImageInfo info, double[][] inputs, int stepsPerInput) {
        this.emulator = network.newEmulator();
        this.encoder = info.encoder(null);
        this.inputs = inputs;
        this.stepsPerInput = stepsPerInput;
        this.axons = new int[encoder.axons()];
        this.readout = info.readoutPort();
        this.voltage = new int[info.readoutCompartments()];
    }

    /** One chip step; returns a readout voltage so that the work cannot be dropped. */
    int step() {
        if (step++ % stepsPerInput == 0) {
            emulator.reset();
            encoder.present(inputs[input++ % inputs.length]);
        }
        int count = encoder.next(axons);
        hostSpikes += count;
        for (int k = 0; k < count; k++) {
            emulator.inject(0, axons[k]);
        }
        emulator.step();
        emulator.readVoltage(readout, voltage);
        return voltage[0];
    }

    int steps() {
        return step;
    }

    double hostSpikesPerStep() {
        return (double) hostSpikes / Math.max(1, step);
    }
}
