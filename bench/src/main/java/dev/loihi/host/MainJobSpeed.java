package dev.loihi.host;

import dev.loihi.emulator.Emulator;
import dev.loihi.emulator.KerasJetTagger;
import dev.loihi.emulator.LoadedNetwork;
import dev.loihi.image.Image;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.link.LinkOptions;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The main job ({@code loihi run}/{@code evaluate}: {@link Workers} on the in-process emulator,
 * {@link Evaluation#run}) against the bare emulator, on the same compiled network, the same
 * inputs and the same worker count, in one JVM, rounds alternating (bare, main job, bare, ...).
 * The bare side is what the main job asks of the emulator and nothing else: per input a reset,
 * the {@link RateEncoder}'s spikes injected, the steps, the readout's voltages read after each
 * and summed as {@link Presenter} sums them; its workers take inputs from one shared counter.
 * Both are steps per second summed over workers (all steps over the round's wall time), as
 * {@code run} prints it, and steps per CPU-second of the whole process (JIT and collector
 * included), which other tenants of a shared machine do not stretch; and, steadier still, the
 * CPU time of the stepping threads alone (the main job's presenters then run on threads of
 * this program, the run's own workers being internal to {@link Evaluation}). The two must
 * classify every input alike, or the comparison is void and the program says so.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.loihi.host.MainJobSpeed [inputs] [steps] [workers] [rounds] [default|single] [journal]</pre>
 * Defaults: 300 inputs of seeded standard-normal values, 200 steps each, one worker per
 * processor, 5 rounds each, the fixture KERAS_3layer at the default conversion, no journal
 * ({@code journal}: the main job keeps one in a temporary file, as {@code run --results} does).
 */
public final class MainJobSpeed {
    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private MainJobSpeed() {}

    public static void main(String[] args) throws InterruptedException, IOException {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int inputs = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int workers = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        boolean single = args.length > 4 && args[4].equals("single");
        // as run --results: each completed input recorded in a journal forced to the disk
        boolean journal = args.length > 5 && args[5].equals("journal");

        Image image = KerasJetTagger.compile(single);
        ImageInfo info = ImageInfo.of(image);
        double[][] x = KerasJetTagger.gaussianInputs(inputs, info.features(), 7);
        int settle = Math.min(2 * (int) image.cores().stream().map(c -> c.layer()).distinct().count(), steps / 10);
        System.out.printf("KERAS_3layer (%s conversion): %d compartments; %d inputs x %d steps, settle %d, %d workers;"
                        + " journal: %s; dense adds: %s%n", single ? "single" : "default",
                image.cores().stream().mapToInt(c -> c.compartments()).sum(), inputs, steps, settle, workers,
                journal ? "yes" : "no", Emulator.denseAdds());

        Bare bare = new Bare(LoadedNetwork.of(image), info);
        double[] bareRates = new double[rounds];
        double[] jobRates = new double[rounds];
        double[] bareThreadCpu = new double[rounds];
        double[] jobThreadCpu = new double[rounds];
        double[] bareCpuRates = new double[rounds];
        double[] jobCpuRates = new double[rounds];
        int[] barePredictions = null;
        int[] jobPredictions = null;
        // one warm-up round of each, then alternate
        for (int round = -1; round < rounds; round++) {
            long start = System.nanoTime();
            long cpu = processCpuNs();
            long allocated = allocatedBytes();
            barePredictions = bare.classify(x, steps, settle, workers);
            double bareSeconds = (System.nanoTime() - start) / 1e9;
            double bareCpu = (processCpuNs() - cpu) / 1e9;
            double bareBytesPerStep = (double) (allocatedBytes() - allocated) / inputs / steps;

            Evaluation.Outcome out;
            long jobThreadCpuNs;
            double jobCpu;
            double jobBytesPerStep;
            cpu = processCpuNs();
            allocated = allocatedBytes();
            try (Workers w = Workers.open(null, LinkOptions.defaults(), workers, image,
                    link -> new Presenter(link, info, info.encoder(Path.of("inputs")), ChannelConfig.defaults()))) {
                RunJournal j = journal ? RunJournal.start(Files.createTempFile("main-job", ".journal"),
                        new ObjectMapper().createObjectNode()) : null;
                out = Evaluation.run(w.presenters(), x, steps, settle, Progress.NONE, j);
                if (j != null) {
                    j.delete();
                }
                jobCpu = (processCpuNs() - cpu) / 1e9;
                jobBytesPerStep = (double) (allocatedBytes() - allocated) / inputs / steps;
                jobThreadCpuNs = presentersCpuNs(w.presenters(), x, steps, settle);
            }
            jobPredictions = out.predictions();
            double bareRate = (double) inputs * steps / bareSeconds;
            double bareCpuRate = (double) inputs * steps / bareCpu;
            double jobCpuRate = (double) inputs * steps / jobCpu;
            double bareNsPerStep = (double) bare.threadCpuNs.get() / inputs / steps;
            double jobNsPerStep = (double) jobThreadCpuNs / inputs / steps;
            if (round >= 0) {
                bareThreadCpu[round] = 1e9 / bareNsPerStep;
                jobThreadCpu[round] = 1e9 / jobNsPerStep;
                bareRates[round] = bareRate;
                jobRates[round] = out.stepsPerSecond();
                bareCpuRates[round] = bareCpuRate;
                jobCpuRates[round] = jobCpuRate;
            }
            System.out.printf("round %d: bare %.0f steps/s, main job %.0f steps/s, ratio %.3f; per CPU-second of the"
                            + " process: bare %.0f, main job %.0f, ratio %.3f; bytes allocated per step: bare %.0f,"
                            + " main job %.0f; stepping threads' CPU per step: bare %.0f ns, main job %.0f ns; load %.2f%n",
                    round + 1,
                    bareRate, out.stepsPerSecond(), out.stepsPerSecond() / bareRate, bareCpuRate, jobCpuRate,
                    jobCpuRate / bareCpuRate, bareBytesPerStep, jobBytesPerStep, bareNsPerStep, jobNsPerStep, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
        if (!Arrays.equals(barePredictions, jobPredictions)) {
            System.out.println("FAILED: the main job and the bare emulator classified the inputs differently");
            System.exit(1);
        }
        summary("wall clock, steps/s", bareRates, jobRates);
        summary("process CPU time, steps per CPU-second", bareCpuRates, jobCpuRates);
        summary("stepping threads' CPU time, steps per CPU-second", bareThreadCpu, jobThreadCpu);
        System.out.println("predictions identical");
    }

    private static void summary(String what, double[] bare, double[] job) {
        double[] ratios = new double[bare.length];
        for (int r = 0; r < ratios.length; r++) {
            ratios[r] = job[r] / bare[r];
        }
        System.out.printf("%s: median bare %.0f, main job %.0f; median of the rounds' ratios %.3f (min %.3f, max %.3f)%n",
                what, median(bare), median(job), median(ratios), Arrays.stream(ratios).min().orElse(0),
                Arrays.stream(ratios).max().orElse(0));
    }

    /** Bytes allocated on the heap so far by every thread, ended ones included (HotSpot keeps their count). */
    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
    }

    /** CPU time of every thread of this process, the JIT and the collector included: what the work cost. */
    private static long processCpuNs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * The main job's presenters each on a thread of their own, as the run's workers use them, the
     * CPU time of those threads summed: the in-process link runs the board side on the
     * presenting thread, so this is all a step costs there, and other processes on the machine
     * do not stretch it as they stretch the wall clock.
     */
    private static long presentersCpuNs(List<Presenter> presenters, double[][] x, int steps, int settle)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicLong cpuNs = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (Presenter p : presenters) {
            Thread t = new Thread(() -> {
                long cpu = THREADS.getCurrentThreadCpuTime();
                for (int i; (i = next.getAndIncrement()) < x.length; ) {
                    p.present(x[i], steps, settle);
                }
                cpuNs.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu);
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return cpuNs.get();
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The emulator with only what presenting needs around it, on worker threads of its own. */
    static final class Bare {
        private final LoadedNetwork network;
        private final ImageInfo info;

        Bare(LoadedNetwork network, ImageInfo info) {
            this.network = network;
            this.info = info;
        }

        /** CPU time of the stepping threads in the last {@link #classify}. */
        final AtomicLong threadCpuNs = new AtomicLong();

        int[] classify(double[][] x, int steps, int settle, int workers) throws InterruptedException {
            threadCpuNs.set(0);
            int[] predictions = new int[x.length];
            AtomicInteger next = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                Emulator emulator = network.newEmulator();
                RateEncoder encoder = info.encoder(null);
                Thread t = new Thread(() -> {
                    long cpu = THREADS.getCurrentThreadCpuTime();
                    int[] axons = new int[encoder.axons()];
                    int[] voltage = new int[info.readoutSize()];
                    long[] previous = new long[voltage.length];
                    long[] total = new long[voltage.length];
                    for (int i; (i = next.getAndIncrement()) < x.length; ) {
                        emulator.reset();
                        encoder.present(x[i]);
                        Arrays.fill(previous, 0);
                        Arrays.fill(total, 0);
                        for (int t1 = 0; t1 < steps; t1++) {
                            int n = encoder.next(axons);
                            for (int k = 0; k < n; k++) {
                                emulator.inject(0, axons[k]);
                            }
                            emulator.step();
                            emulator.readVoltage(info.readoutPort(), voltage);
                            for (int j = 0; j < voltage.length; j++) {
                                if (t1 >= settle) {
                                    total[j] += voltage[j] - info.kept(previous[j]);
                                }
                                previous[j] = voltage[j];
                            }
                        }
                        double[] scores = new double[voltage.length];
                        for (int j = 0; j < scores.length; j++) {
                            scores[j] = total[j] / info.readoutScale() / Math.max(1, steps - settle);
                        }
                        predictions[i] = Evaluation.classOf(scores);
                    }
                    threadCpuNs.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu);
                }, "bare-" + w);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            return predictions;
        }
    }
}
