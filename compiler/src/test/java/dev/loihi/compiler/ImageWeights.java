package dev.loihi.compiler;

import dev.loihi.image.CoreImage;
import dev.loihi.image.Image;
import dev.loihi.image.InputAxon;
import dev.loihi.image.InputPort;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the effective weight matrices back out of an image by following every route and input
 * port target to its input axon: what a chip would add to each post compartment's q when a pre
 * neuron spikes. Layers are the cores' layer names; neuron indices are global within a layer
 * (cores of one layer hold consecutive ranges in image order).
 */
final class ImageWeights {
    private final Image image;
    private final int[] firstNeuron;
    private final Map<String, Integer> layerSize = new HashMap<>();

    ImageWeights(Image image) {
        this.image = image;
        List<CoreImage> cores = image.cores();
        firstNeuron = new int[cores.size()];
        for (int i = 0; i < cores.size(); i++) {
            String layer = cores.get(i).layer();
            int seen = layerSize.getOrDefault(layer, 0);
            firstNeuron[i] = seen;
            layerSize.put(layer, seen + cores.get(i).compartments());
        }
    }

    int layerSize(String layer) {
        return layerSize.get(layer);
    }

    int firstNeuron(int core) {
        return firstNeuron[core];
    }

    /** Summed effective weights from layer {@code pre} to layer {@code post}, [pre][post]. */
    long[][] fromLayer(String pre, String post) {
        long[][] w = new long[layerSize(pre)][layerSize(post)];
        for (int c = 0; c < image.cores().size(); c++) {
            CoreImage core = image.cores().get(c);
            if (!core.layer().equals(pre)) {
                continue;
            }
            for (int k = 0; k < core.compartments(); k++) {
                for (int r = core.routeStart()[k]; r < core.routeStart()[k + 1]; r++) {
                    add(w[firstNeuron[c] + k], core.routeCore()[r], core.routeAxon()[r], post);
                }
            }
        }
        return w;
    }

    /** Summed effective weights from host input port {@code pre} to layer {@code post}. */
    long[][] fromInput(String pre, String post) {
        InputPort port = image.inputs().stream().filter(p -> p.name().equals(pre)).findFirst().orElseThrow();
        long[][] w = new long[port.axons()][layerSize(post)];
        for (int a = 0; a < port.axons(); a++) {
            for (int t = port.targetStart()[a]; t < port.targetStart()[a + 1]; t++) {
                add(w[a], port.targetCore()[t], port.targetAxon()[t], post);
            }
        }
        return w;
    }

    private void add(long[] row, int targetCore, int targetAxon, String post) {
        CoreImage target = image.cores().get(targetCore);
        if (!target.layer().equals(post)) {
            return;
        }
        InputAxon axon = target.inputAxons().get(targetAxon);
        int exp = target.synapseFormats().get(axon.format()).weightExp();
        for (int s = 0; s < axon.synapseCount(); s++) {
            row[firstNeuron[targetCore] + axon.compartments()[s]] += (long) axon.weightMants()[s] << (6 + exp);
        }
    }
}
