package dev.loihi.snips.link;

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
 * A small known network for checking a link end to end (conformance tests, benchmarks, a
 * board smoke test): host spikes on input port {@code in} reach core {@code hidden} (one
 * compartment per axon, an integrator that fires on about every second input), which relays
 * to core {@code out}; every fourth host axon also reaches {@code out} directly, so a host
 * spike may fan out to two cores and, with two chips, to two chips. Outputs: {@code out}
 * (spikes of core out) and {@code hidden_v} (voltages of core hidden).
 */
public final class RelayImage {
    private RelayImage() {}

    public static final String INPUT = "in";
    public static final String OUTPUT_SPIKES = "out";
    public static final String OUTPUT_VOLTAGE = "hidden_v";

    /** Weight mantissas and thresholds chosen so the relay neither stays silent nor fires every step. */
    private static final int HIDDEN_WEIGHT = 100;
    private static final int OUT_WEIGHT = 200;
    private static final int VTH_MANT = 150;

    /**
     * @param axons host axons and compartments per core, 1..1024
     * @param chips 1: both cores on chip 0; 2: core out on chip 1
     */
    public static Image build(int axons, int chips) {
        if (axons < 1 || axons > ChipLimits.COMPARTMENTS_PER_CORE || chips < 1 || chips > 2) {
            throw new IllegalArgumentException("axons=" + axons + ", chips=" + chips);
        }
        int[] routeStart = new int[axons + 1];
        int[] routeCore = new int[axons];
        int[] routeAxon = new int[axons];
        for (int c = 0; c < axons; c++) {
            routeStart[c + 1] = c + 1;
            routeCore[c] = 1;
            routeAxon[c] = c;
        }
        CoreImage hidden = core(0, 0, "hidden", axons, HIDDEN_WEIGHT, new CompartmentProfile(4095, 0, 1),
                routeStart, routeCore, routeAxon);
        CoreImage out = core(chips - 1, chips == 1 ? 1 : 0, "out", axons, OUT_WEIGHT,
                new CompartmentProfile(4095, 1024, 2), new int[axons + 1], new int[0], new int[0]);

        List<Integer> targetCore = new ArrayList<>();
        List<Integer> targetAxon = new ArrayList<>();
        int[] start = new int[axons + 1];
        for (int a = 0; a < axons; a++) {
            targetCore.add(0);
            targetAxon.add(a);
            if (a % 4 == 0) {
                targetCore.add(1);
                targetAxon.add(a);
            }
            start[a + 1] = targetCore.size();
        }
        InputPort in = new InputPort(INPUT, axons, start, targetCore.stream().mapToInt(Integer::intValue).toArray(),
                targetAxon.stream().mapToInt(Integer::intValue).toArray());
        int[] outCores = new int[axons];
        int[] hiddenCores = new int[axons];
        int[] compartments = new int[axons];
        for (int c = 0; c < axons; c++) {
            outCores[c] = 1;
            compartments[c] = c;
        }
        List<OutputPort> outputs = List.of(
                new OutputPort(OUTPUT_SPIKES, OutputPort.Kind.SPIKES, outCores, compartments.clone()),
                new OutputPort(OUTPUT_VOLTAGE, OutputPort.Kind.VOLTAGE, hiddenCores, compartments.clone()));
        return new Image(chips, List.of(hidden, out), List.of(in), outputs, "{\"network\":\"relay\"}");
    }

    private static CoreImage core(int chip, int coreOnChip, String layer, int compartments, int weight,
                                  CompartmentProfile profile, int[] routeStart, int[] routeCore, int[] routeAxon) {
        List<InputAxon> axons = new ArrayList<>();
        int[] biasMant = new int[compartments];
        for (int c = 0; c < compartments; c++) {
            axons.add(new InputAxon(0, new int[] {c}, new int[] {weight}));
            // A small bias that differs between compartments, so voltages are not all alike.
            biasMant[c] = (c % 7) * 10;
        }
        return new CoreImage(chip, coreOnChip, layer, compartments, ChipLimits.VMIN_EXP_MAX, ChipLimits.VMAX_EXP_MAX,
                List.of(profile), new int[] {VTH_MANT}, List.of(new SynapseFormat(8, SignMode.EXCITATORY, 0, false)),
                new int[compartments], new int[compartments], biasMant, new int[compartments], axons,
                routeStart, routeCore, routeAxon);
    }
}
