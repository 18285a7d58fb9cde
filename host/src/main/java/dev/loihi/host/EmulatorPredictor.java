package dev.loihi.host;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.calibrate.Predictor;
import dev.loihi.image.ChipLimits;
import dev.loihi.image.Image;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.link.LinkOptions;
import dev.loihi.emulator.Emulator;
import dev.loihi.emulator.LoadedNetwork;
import dev.loihi.emulator.ProbeKind;
import dev.loihi.emulator.ProbeTarget;
import dev.loihi.emulator.Probes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
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
        info.checkSteps(java.util.Arrays.stream(steps).max().orElse(0));
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
            forEachWorker(w.presenters().size(), (k, failed) -> {
                Presenter presenter = w.presenters().get(k);
                for (int i; !failed.getAsBoolean() && (i = next.getAndIncrement()) < inputs.length; ) {
                    double[][] r = presenter.readouts(inputs[i], steps, settles);
                    for (int s = 0; s < steps.length; s++) {
                        out[s][i] = r[s];
                    }
                }
            });
        }
        return out;
    }

    /**
     * Every spiking block's rates, on the in-process emulator with spike probes on every
     * compartment, presenting as {@link #readouts} does. A block's compartments are its cores'
     * in image order, which is the block's neuron order (the partitioner cuts a block into
     * ranges, the placer keeps their order).
     */
    @Override
    public Map<String, double[][]> layerRates(Image image, double[][] inputs, int steps, int from) {
        Layers layers = Layers.of(image);
        Map<String, double[][]> rates = new LinkedHashMap<>();
        layers.sizes.forEach((layer, n) -> rates.put(layer, new double[inputs.length][n]));
        double[][][] ofCore = new double[layers.offset.length][][];
        for (int c = 0; c < ofCore.length; c++) {
            ofCore[c] = rates.get(image.cores().get(c).layer());
        }
        double window = Math.max(1, steps - from);
        probeEach(image, inputs, steps, ProbeKind.SPIKES, null, (i, probes) -> {
            int[][] spikeSteps = probes.spikeSteps();
            for (int k = 0; k < probes.size(); k++) {
                int core = probes.core(k);
                long late = 0;
                for (int s : spikeSteps[k]) {
                    late += s > from ? 1 : 0;
                }
                ofCore[core][i][layers.offset[core] + probes.compartment(k)] = late / window;
            }
        });
        return rates;
    }

    /**
     * Every block's largest |u| over every step of every input, as a share of u's range: read
     * after each step and the probe cleared, so that nothing of a presentation is buffered.
     */
    @Override
    public Map<String, Double> currentPeaks(Image image, double[][] inputs, int steps) {
        int cores = image.cores().size();
        long[][] peak = new long[inputs.length][cores];
        probeEach(image, inputs, steps, ProbeKind.CURRENT, (i, probes) -> {
            for (int k = 0; k < probes.size(); k++) {
                int core = probes.core(k);
                peak[i][core] = Math.max(peak[i][core], Math.abs((long) probes.current(k, 0)));
            }
            probes.clear();
        }, (i, probes) -> { });
        Map<String, Double> peaks = new LinkedHashMap<>();
        for (int c = 0; c < cores; c++) {
            long most = 0;
            for (long[] p : peak) {
                most = Math.max(most, p[c]);
            }
            peaks.merge(image.cores().get(c).layer(), most / (double) U_RANGE, Math::max);
        }
        return peaks;
    }

    /** u's range: 23 bits + sign (LOIHI.md). */
    private static final long U_RANGE = (1L << ChipLimits.U_BITS) - 1;

    /** Where each core's compartments start within its layer, and each layer's size, in image order. */
    private record Layers(Map<String, Integer> sizes, int[] offset) {
        static Layers of(Image image) {
            Map<String, Integer> sizes = new LinkedHashMap<>();
            int[] offset = new int[image.cores().size()];
            for (int c = 0; c < offset.length; c++) {
                String layer = image.cores().get(c).layer();
                int n = sizes.getOrDefault(layer, 0);
                offset[c] = n;
                sizes.put(layer, n + image.cores().get(c).compartments());
            }
            return new Layers(sizes, offset);
        }
    }

    /** What a probed presentation of input {@code i} recorded. */
    private interface ProbedInput {
        void accept(int i, Probes probes);
    }

    /**
     * Presents every input for {@code steps} on the in-process emulator, probing {@code kind} on
     * every compartment: one emulator per worker, inputs shared out, the probes handed to
     * {@code afterStep} after every step (null: not) and to {@code sink} after each input, both
     * writing only that input's results.
     */
    private static void probeEach(Image image, double[][] inputs, int steps, ProbeKind kind, ProbedInput afterStep,
                                  ProbedInput sink) {
        ImageInfo info = ImageInfo.of(image);
        info.checkSteps(steps);
        LoadedNetwork network = LoadedNetwork.of(image);
        int workers = Math.max(1, Math.min(inputs.length, Runtime.getRuntime().availableProcessors()));
        AtomicInteger next = new AtomicInteger();
        forEachWorker(workers, (w, failed) -> {
            Emulator emulator = network.newEmulator(1);
            RateEncoder encoder = info.encoder(null);
            int[] axons = new int[encoder.axons()];
            Probes probes = emulator.probe(ProbeTarget.all(), EnumSet.of(kind), afterStep != null ? 1 : steps);
            try {
                for (int i; !failed.getAsBoolean() && (i = next.getAndIncrement()) < inputs.length; ) {
                    emulator.reset();
                    encoder.present(inputs[i]);
                    for (int t = 0; t < steps; t++) {
                        emulator.inject(0, axons, 0, encoder.next(axons));
                        emulator.step();
                        if (afterStep != null) {
                            afterStep.accept(i, probes);
                        }
                    }
                    sink.accept(i, probes);
                }
            } finally {
                probes.close();
            }
        });
    }

    /** One worker's share of a run: {@code failed} turns true once any worker has failed. */
    private interface WorkerTask {
        void run(int worker, BooleanSupplier failed);
    }

    /** Runs {@code task} on {@code workers} threads and waits; the first failure is rethrown. */
    private static void forEachWorker(int workers, WorkerTask task) {
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int worker = w;
            Thread t = new Thread(() -> {
                try {
                    task.run(worker, () -> failure.get() != null);
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

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoihiException(HostErrors.RUN_INTERRUPTED, "calibration search interrupted");
        }
    }
}
