package dev.loihi.emulator;

import dev.loihi.image.ChipLimits;
import dev.loihi.image.OutputPort;

/**
 * Lays a raw network out on cores: each block is one core (and one SPIKES output port of the
 * same name), each input one input port, and each row of a synapse matrix one input axon of the
 * post block's core, reached by a route from the pre compartment or a target of the pre input.
 */
final class RawLoader {
    private RawLoader() {}

    static NetworkLayout load(RawNetwork raw, String source) {
        RawNetworkValidator.validate(raw, source);
        NetworkBuilder b = new NetworkBuilder();
        for (RawBlock block : raw.blocks()) {
            int core = b.addCore(block.name(), block.n(), ChipLimits.vmin(block.vminExp()), ChipLimits.vmax(block.vmaxExp()));
            for (int i = 0; i < block.n(); i++) {
                b.compartment(core, i, block.decayU()[i], block.decayV()[i],
                        block.vthMant()[i] << ChipLimits.VTH_SHIFT,
                        block.biasMant()[i] << block.biasExp()[i],
                        block.refractDelay()[i]);
            }
        }
        for (RawInput in : raw.inputs()) {
            b.addInputPort(in.name(), in.axons());
        }
        for (RawSynapse syn : raw.synapses()) {
            int post = raw.blockIndex(syn.post());
            int preBlock = raw.blockIndex(syn.pre());
            int preInput = raw.inputIndex(syn.pre());
            if (syn.isPopulation()) {
                population(b, syn, preBlock, post);
                continue;
            }
            int[][] w = syn.weights();
            for (int i = 0; i < w.length; i++) {
                int nonZero = 0;
                for (int x : w[i]) {
                    nonZero += x != 0 ? 1 : 0;
                }
                if (nonZero == 0) {
                    continue;
                }
                int[] compartments = new int[nonZero];
                int[] weights = new int[nonZero];
                int k = 0;
                for (int j = 0; j < w[i].length; j++) {
                    if (w[i][j] != 0) {
                        compartments[k] = j;
                        weights[k++] = Weights.raw(w[i][j], syn.weightExp());
                    }
                }
                int axon = b.addAxon(post, compartments, weights);
                if (preBlock >= 0) {
                    b.route(preBlock, i, post, axon);
                } else {
                    b.inputTarget(preInput, i, post, axon);
                }
            }
        }
        for (int c = 0; c < raw.blocks().size(); c++) {
            RawBlock block = raw.blocks().get(c);
            int[] cores = new int[block.n()];
            int[] compartments = new int[block.n()];
            for (int i = 0; i < block.n(); i++) {
                cores[i] = c;
                compartments[i] = i;
            }
            b.addOutputPort(block.name(), OutputPort.Kind.SPIKES, cores, compartments);
        }
        return b.build();
    }

    /** The synapse's lists and axons on the post core, and a population route from every pre compartment that sends. */
    private static void population(NetworkBuilder b, RawSynapse syn, int preBlock, int post) {
        RawPopulation p = syn.population();
        int firstList = -1;
        for (RawPopulation.WeightList list : p.lists()) {
            int atoms = list.weights().length;
            int[][] weights = new int[atoms][];
            for (int k = 0; k < atoms; k++) {
                weights[k] = new int[list.weights()[k].length];
                for (int j = 0; j < weights[k].length; j++) {
                    weights[k][j] = Weights.raw(list.weights()[k][j], syn.weightExp());
                }
            }
            int id = b.addList(post, list.indices(), weights);
            firstList = firstList < 0 ? id : firstList;
        }
        int firstAxon = -1;
        for (int a = 0; a < p.base().length; a++) {
            int id = b.addPopulationAxon(post, p.base()[a], firstList + p.list()[a]);
            firstAxon = firstAxon < 0 ? id : firstAxon;
        }
        for (int i = 0; i < p.axon().length; i++) {
            if (p.sends(i)) {
                b.routePopulation(preBlock, i, post, firstAxon + p.axon()[i], p.atom()[i]);
            }
        }
    }
}
