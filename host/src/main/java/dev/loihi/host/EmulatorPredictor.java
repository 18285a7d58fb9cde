package dev.loihi.host;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.calibrate.Predictor;
import dev.loihi.image.Image;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.link.LinkOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The calibration search's {@link Predictor}: the in-process bit-exact emulator, one worker per
 * processor, presenting inputs exactly as {@code run} does (same encoder, settling period and
 * readout), so a candidate scores what it will run as. Results come back in input order, so the
 * score does not depend on the worker count.
 */
public final class EmulatorPredictor implements Predictor {
    @Override
    public double[][] readout(Image image, double[][] inputs, int steps) {
        return readouts(image, inputs, new int[] {steps})[0];
    }

    /** One presentation of the longest length per input; each shorter readout is a prefix of it. */
    @Override
    public double[][][] readouts(Image image, double[][] inputs, int[] steps) {
        ImageInfo info = ImageInfo.of(image);
        Workload workload = new Workload(image, info, null, null);
        int[] settles = new int[steps.length];
        for (int k = 0; k < steps.length; k++) {
            settles[k] = workload.defaultSettle(steps[k]);
        }
        double[][][] out = new double[steps.length][inputs.length][];
        int workers = Math.max(1, Math.min(inputs.length, Runtime.getRuntime().availableProcessors()));
        ChannelConfig channel = ChannelConfig.defaults();
        try (Workers w = Workers.open(null, LinkOptions.defaults(), workers, image,
                link -> new Presenter(link, info, info.encoder(null), channel))) {
            AtomicInteger next = new AtomicInteger();
            AtomicReference<RuntimeException> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (Presenter presenter : w.presenters()) {
                Thread t = new Thread(() -> {
                    try {
                        for (int i; failure.get() == null && (i = next.getAndIncrement()) < inputs.length; ) {
                            double[][] r = presenter.readouts(inputs[i], steps, settles);
                            for (int k = 0; k < steps.length; k++) {
                                out[k][i] = r[k];
                            }
                        }
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
                }, "loihi-predictor");
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                join(t);
            }
            if (failure.get() != null) {
                throw failure.get();
            }
        }
        return out;
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoihiException(HostErrors.RUN_INTERRUPTED, "calibration search interrupted");
        }
    }
}
