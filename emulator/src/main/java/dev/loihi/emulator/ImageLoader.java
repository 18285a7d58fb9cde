package dev.loihi.emulator;

import dev.loihi.image.ChipLimits;
import dev.loihi.image.CompartmentProfile;
import dev.loihi.image.CoreImage;
import dev.loihi.image.Image;
import dev.loihi.image.ImageValidator;
import dev.loihi.image.InputAxon;
import dev.loihi.image.InputPort;
import dev.loihi.image.OutputPort;

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
            for (InputAxon axon : core.inputAxons()) {
                int exp = core.synapseFormats().get(axon.format()).weightExp();
                int[] weights = new int[axon.synapseCount()];
                for (int k = 0; k < weights.length; k++) {
                    weights[k] = Weights.image(axon.weightMants()[k], exp);
                }
                b.addAxon(id, axon.compartments(), weights);
            }
        }
        for (int c = 0; c < image.cores().size(); c++) {
            CoreImage core = image.cores().get(c);
            for (int i = 0; i < core.compartments(); i++) {
                for (int k = core.routeStart()[i]; k < core.routeStart()[i + 1]; k++) {
                    b.route(c, i, core.routeCore()[k], core.routeAxon()[k]);
                }
            }
        }
        for (InputPort port : image.inputs()) {
            int p = b.addInputPort(port.name(), port.axons());
            for (int a = 0; a < port.axons(); a++) {
                for (int k = port.targetStart()[a]; k < port.targetStart()[a + 1]; k++) {
                    b.inputTarget(p, a, port.targetCore()[k], port.targetAxon()[k]);
                }
            }
        }
        for (OutputPort port : image.outputs()) {
            b.addOutputPort(port.name(), port.kind(), port.core(), port.compartment());
        }
        return b.build();
    }
}
