package dev.loihi.emulator;

import dev.loihi.image.ChipLimits;
import dev.loihi.image.CompartmentProfile;
import dev.loihi.image.CoreImage;
import dev.loihi.image.Image;
import dev.loihi.image.ImageValidator;
import dev.loihi.image.InputAxon;
import dev.loihi.image.InputPort;
import dev.loihi.image.OutputPort;
import dev.loihi.image.WeightList;

/**
 * Builds the runtime from an image's registers alone, as a board would, after the same
 * {@link ImageValidator} check a board's loader runs (IMAGE_RANGE, IMAGE_LIMIT): profiles expanded per
 * compartment, thresholds and biases scaled from their mantissas, weights decoded with
 * {@link Weights#image}, routes and host ports by core index.
 */
final class ImageLoader {
    private ImageLoader() {}

    static NetworkLayout load(Image image) {
        ImageValidator.validate(image);
        NetworkBuilder b = new NetworkBuilder();
        int[][] builderAxon = new int[image.cores().size()][];
        for (int c = 0; c < image.cores().size(); c++) {
            CoreImage core = image.cores().get(c);
            int id = b.addCore(RawExporter.blockName(c, core.layer()), core.compartments(),
                    ChipLimits.vmin(core.vminExp()), ChipLimits.vmax(core.vmaxExp()));
            for (int i = 0; i < core.compartments(); i++) {
                CompartmentProfile p = core.compartmentProfiles().get(core.compartmentProfile()[i]);
                b.compartment(id, i, p.decayU(), p.decayV(),
                        core.vthMants()[core.thresholdProfile()[i]] << ChipLimits.VTH_SHIFT,
                        core.biasMant()[i] << core.biasExp()[i],
                        p.refractDelay());
            }
            int firstList = -1;
            for (WeightList list : core.weightLists()) {
                int exp = core.synapseFormats().get(list.format()).weightExp();
                int[][] weights = new int[list.atoms()][];
                for (int k = 0; k < weights.length; k++) {
                    weights[k] = weights(list.weightMants()[k], exp);
                }
                int l = b.addList(id, list.compartments(), weights);
                firstList = firstList < 0 ? l : firstList;
            }
            // the builder numbers discrete and population axons apart
            builderAxon[c] = new int[core.inputAxons().size()];
            for (int a = 0; a < core.inputAxons().size(); a++) {
                InputAxon axon = core.inputAxons().get(a);
                if (axon.isPopulation()) {
                    builderAxon[c][a] = b.addPopulationAxon(id, axon.base(), firstList + axon.list());
                } else {
                    int exp = core.synapseFormats().get(axon.format()).weightExp();
                    builderAxon[c][a] = b.addAxon(id, axon.compartments(), weights(axon.weightMants(), exp));
                }
            }
        }
        for (int c = 0; c < image.cores().size(); c++) {
            CoreImage core = image.cores().get(c);
            for (int i = 0; i < core.compartments(); i++) {
                for (int k = core.routeStart()[i]; k < core.routeStart()[i + 1]; k++) {
                    int target = core.routeCore()[k];
                    int axon = core.routeAxon()[k];
                    if (image.cores().get(target).inputAxons().get(axon).isPopulation()) {
                        b.routePopulation(c, i, target, builderAxon[target][axon], core.routeAtom()[k]);
                    } else {
                        b.route(c, i, target, builderAxon[target][axon]);
                    }
                }
            }
        }
        for (InputPort port : image.inputs()) {
            int p = b.addInputPort(port.name(), port.axons());
            for (int a = 0; a < port.axons(); a++) {
                for (int k = port.targetStart()[a]; k < port.targetStart()[a + 1]; k++) {
                    b.inputTarget(p, a, port.targetCore()[k], builderAxon[port.targetCore()[k]][port.targetAxon()[k]]);
                }
            }
        }
        for (OutputPort port : image.outputs()) {
            b.addOutputPort(port.name(), port.kind(), port.core(), port.compartment());
        }
        return b.build();
    }

    private static int[] weights(int[] mants, int exp) {
        int[] weights = new int[mants.length];
        for (int k = 0; k < weights.length; k++) {
            weights[k] = Weights.image(mants[k], exp);
        }
        return weights;
    }
}
