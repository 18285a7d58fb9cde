package dev.loihi.compiler.discretize;

import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.Input;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.image.ChipLimits;
import java.util.HashSet;
import java.util.Set;

/**
 * The constant source that carries SUBTRACTIVE_RELU biases. Their sum lives in u, but the
 * chip adds the bias register to u2 = u + bias, after u (LOIHI.md steps 3-4), so a bias there
 * would shift the threshold instead of being summed. One ALWAYS_ON compartment instead spikes
 * every step and reaches each such neuron through a synapse that weighs its bias: the bias is
 * then an input like any other, summed from step 1 on, the step the host's first spikes
 * arrive. It costs one core and an axon per core of the blocks it feeds.
 *
 * <p>An ALWAYS_ON compartment: vth = 64 (mantissa 1), bias 2 x vth, u following q and v
 * cleared each step (decay 4095), so v = bias > vth every step from step 0. Where a bias needs
 * more than whole weight steps, {@link FineBias} makes the source three compartments instead.
 */
final class BiasSource {
    /** Name of the added block, suffixed with _1, _2, ... when the network already uses it. */
    static final String NAME = "bias";
    static final int VTH_MANT = 1;
    static final int BIAS_MANT = 2 * (VTH_MANT << ChipLimits.VTH_SHIFT);

    private BiasSource() {}

    static boolean hasBias(Ensemble e) {
        for (double b : e.bias()) {
            if (b != 0) {
                return true;
            }
        }
        return false;
    }

    static String name(Network network) {
        Set<String> taken = new HashSet<>();
        network.inputs().stream().map(Input::name).forEach(taken::add);
        network.ensembles().stream().map(Ensemble::name).forEach(taken::add);
        String candidate = NAME;
        for (int i = 1; taken.contains(candidate); i++) {
            candidate = NAME + "_" + i;
        }
        return candidate;
    }

    /** The bias of {@code e} as weights from the one-neuron source. */
    static Connection connection(String source, Ensemble e) {
        return new Connection(source, e.name(), new double[][] {e.bias().clone()}, 0);
    }

    /** An ALWAYS_ON block of {@code n} compartments. */
    static DiscreteBlock block(String name, int n) {
        int[] biasMant = new int[n];
        java.util.Arrays.fill(biasMant, BIAS_MANT);
        return new DiscreteBlock(name, NeuronType.ALWAYS_ON, n, VTH_MANT << ChipLimits.VTH_SHIFT, VTH_MANT,
                ChipLimits.DECAY_MAX, ChipLimits.DECAY_MAX, ChipLimits.REFRACT_MIN, 0, Discretizer.VMAX_EXP,
                biasMant, new int[n]);
    }

    static LayerPrecision precision(String name) {
        return new LayerPrecision(name, VTH_MANT << ChipLimits.VTH_SHIFT, "always on", 0, 0, 0, BIAS_MANT, BIAS_MANT,
                1);
    }
}
