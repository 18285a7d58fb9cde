package dev.loihi.host;

import dev.loihi.compiler.calibrate.Predictor;
import dev.loihi.image.Image;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.link.LinkOptions;

/**
 * The calibration search's {@link Predictor}: the in-process bit-exact emulator, one worker per
 * processor, presenting inputs exactly as {@code run} does (same encoder, settling period and
 * readout), so a candidate scores what it will run as. Results come back in input order, so the
 * score does not depend on the worker count.
 */
public final class EmulatorPredictor implements Predictor {
    @Override
    public double[][] readout(Image image, double[][] inputs, int steps) {
        ImageInfo info = ImageInfo.of(image);
        int workers = Math.max(1, Math.min(inputs.length, Runtime.getRuntime().availableProcessors()));
        ChannelConfig channel = ChannelConfig.defaults();
        try (Workers w = Workers.open(null, LinkOptions.defaults(), workers, image,
                link -> new Presenter(link, info, info.encoder(null), channel))) {
            int settle = new Workload(image, info, null, null).defaultSettle(steps);
            return Evaluation.run(w.presenters(), inputs, steps, settle, Progress.NONE).scores();
        }
    }
}
