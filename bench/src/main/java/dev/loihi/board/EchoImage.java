package dev.loihi.board;

import dev.loihi.image.ChipLimits;
import dev.loihi.image.CompartmentProfile;
import dev.loihi.image.CoreImage;
import dev.loihi.image.Image;
import dev.loihi.image.InputAxon;
import dev.loihi.image.InputPort;
import dev.loihi.image.OutputPort;
import dev.loihi.image.SignMode;
import dev.loihi.image.SynapseFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * A one-core image that sends every host spike back: host axon i drives compartment i hard
 * enough to cross threshold in the step it arrives, u and v clear every step, refractory delay
 * 1. So n host spikes in step t come back as n output spikes in step t + 1, and a benchmark
 * moves exactly n spikes each way per step.
 */
final class EchoImage {
    private EchoImage() {}

    static final int SIZE = ChipLimits.COMPARTMENTS_PER_CORE;

    static Image build() {
        int n = SIZE;
        List<InputAxon> axons = new ArrayList<>();
        int[] start = new int[n + 1];
        int[] targetCore = new int[n];
        int[] targetAxon = new int[n];
        int[] compartments = new int[n];
        for (int i = 0; i < n; i++) {
            axons.add(new InputAxon(0, new int[] {i}, new int[] {255}));
            start[i + 1] = i + 1;
            targetAxon[i] = i;
            compartments[i] = i;
        }
        CoreImage core = new CoreImage(0, 0, "echo", n, ChipLimits.VMIN_EXP_MAX, ChipLimits.VMAX_EXP_MAX,
                List.of(new CompartmentProfile(4095, 4095, 1)), new int[] {1},
                List.of(new SynapseFormat(8, SignMode.EXCITATORY, 0, false)),
                new int[n], new int[n], new int[n], new int[n], axons, new int[n + 1], new int[0], new int[0]);
        InputPort in = new InputPort("in", n, start, targetCore, targetAxon);
        OutputPort out = new OutputPort("echo", OutputPort.Kind.SPIKES, new int[n], compartments);
        return new Image(1, List.of(core), List.of(in), List.of(out), "{\"network\":\"echo\"}");
    }
}
