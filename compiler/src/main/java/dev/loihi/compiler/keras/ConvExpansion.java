package dev.loihi.compiler.keras;

import dev.loihi.compiler.net.Weights;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Expands windowed layers into the [input][unit] kernels the rest of the compiler reads: each
 * output unit gets a weight from exactly the input units its window covers, and the kernel
 * holds only those ({@link Weights}). Units are numbered as {@link ConvGeometry} says
 * (position, then channel).
 */
final class ConvExpansion {
    private ConvExpansion() {}

    /** One tap of a window: the output position that reads an input position, and through which cell. */
    private record Tap(int out, int cell) {}

    /**
     * A convolution.
     *
     * @param weights the Keras kernel in C order, shape [kernel..., inChannels, outChannels]
     */
    static Weights conv(ConvGeometry g, double[] weights) {
        int cin = g.inChannels();
        int cout = g.outChannels();
        Weights.Builder b = new Weights.Builder(g.inUnits(), g.outUnits());
        for (List<Tap> taps : tapsByInput(g)) {
            for (int ci = 0; ci < cin; ci++) {
                for (Tap t : taps) {
                    int from = (t.cell() * cin + ci) * cout;
                    for (int co = 0; co < cout; co++) {
                        b.add(t.out() * cout + co, weights[from + co]);
                    }
                }
                b.endRow();
            }
        }
        return b.build();
    }

    /** The bias of each output unit: the channel's bias at every position. */
    static double[] bias(ConvGeometry g, double[] perChannel) {
        double[] bias = new double[g.outUnits()];
        for (int j = 0; j < bias.length; j++) {
            bias[j] = perChannel[j % g.outChannels()];
        }
        return bias;
    }

    /**
     * An average pool (in and out channels equal, each channel pooled alone); padded cells are
     * left out of the count. With {@code sum} the window's values are added instead.
     */
    static Weights pool(ConvGeometry g, boolean sum) {
        int c = g.inChannels();
        int[] count = g.tapsPerOutput();
        Weights.Builder b = new Weights.Builder(g.inUnits(), g.outUnits());
        for (List<Tap> taps : tapsByInput(g)) {
            for (int ch = 0; ch < c; ch++) {
                for (Tap t : taps) {
                    b.add(t.out() * c + ch, sum ? 1.0 : 1.0 / count[t.out()]);
                }
                b.endRow();
            }
        }
        return b.build();
    }

    /** Per input position, the taps that read it, by output position. */
    private static List<List<Tap>> tapsByInput(ConvGeometry g) {
        List<List<Tap>> byInput = new ArrayList<>();
        for (int p = 0; p < g.inPositions(); p++) {
            byInput.add(new ArrayList<>());
        }
        g.forEachTap((out, in, cell) -> byInput.get(in).add(new Tap(out, cell)));
        for (List<Tap> taps : byInput) {
            taps.sort(Comparator.comparingInt(Tap::out));
        }
        return byInput;
    }
}
