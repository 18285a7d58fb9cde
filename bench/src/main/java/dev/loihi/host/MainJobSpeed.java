package dev.loihi.host;

import dev.loihi.emulator.Emulator;
import dev.loihi.emulator.KerasJetTagger;
import dev.loihi.emulator.LoadedNetwork;
import dev.loihi.image.Image;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.link.LinkOptions;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * inputs and the same worker count, in one JVM. The bare side is what the main job asks of the
 * emulator and nothing else: per input a reset, the {@link RateEncoder}'s spikes injected, the
 * steps, the readout's voltages read after each and summed as {@link Presenter} sums them; its
 * workers take inputs from one shared counter.
 *
 * <p>Fair to both sides: each loads the network once (the main job opens its {@link Workers}
 * once, as one {@code run} does; the bare side makes its emulators once), both are warmed by
 * {@value #WARM_ROUNDS} rounds each that are not counted, and the counted rounds alternate which
 * side goes first (bare then main job, main job then bare, ...), so that neither always runs
 * in the other's wake (a collector or JIT burst, the machine's other tenants).
 *
 * <p>Per round and as medians: steps per second summed over workers (all steps over the round's
 * wall time), as {@code run} prints it; steps per CPU-second of the whole process (JIT and
 * collector included), which other tenants of a shared machine do not stretch; and, steadier
 * still, the CPU time of the stepping threads alone (the main job's presenters then run once
 * more on threads of this program, the run's own workers being internal to {@link Evaluation}).
 * The two must classify every input alike, or the comparison is void and the program says so.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.loihi.host.MainJobSpeed [inputs] [steps] [workers] [rounds] [default|single|FILE.img] [journal]</pre>
 * Defaults: 3,000 inputs of seeded standard-normal values (rounds of about half a second: 300 made
 * rounds of 60 ms, which a collector or a neighbour's burst could halve), 200 steps each, one worker per
 * processor, 5 rounds each, the fixture KERAS_3layer at the default conversion (or a compiled image file), no journal
 * ({@code journal}: the main job keeps one in a temporary file per round, as {@code run --results} does).
 */
public final class MainJobSpeed {
    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Rounds of each side run before the counted ones: the JIT's compiles of both paths settle in them. */
    static final int WARM_ROUNDS = 3;

    private MainJobSpeed() {}

    public static void main(String[] args) throws InterruptedException, IOException {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int inputs = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int workers = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        // default, single or a compiled image file (loihi compile ... -o FILE.img)
        String conversion = args.length > 4 ? args[4] : "default";
        // as run --results: each completed input recorded in a journal forced to the disk
        boolean journal = args.length > 5 && args[5].equals("journal");

        Image image = KerasJetTagger.image(conversion);
        ImageInfo info = ImageInfo.of(image);
        double[][] x = KerasJetTagger.gaussianInputs(inputs, info.features(), 7);
        int settle = Math.min(2 * (int) image.cores().stream().map(c -> c.layer()).distinct().count(), steps / 10);
        System.out.printf("%s: %d compartments; %d inputs x %d steps, settle %d, %d workers;"
                        + " journal: %s; dense adds: %s; %d warm-up rounds each, then sides alternating first%n",
                conversion.endsWith(".img") ? conversion : "KERAS_3layer (" + conversion + " conversion)",
                image.cores().stream().mapToInt(c -> c.compartments()).sum(), inputs, steps, settle, workers, journal ? "yes" : "no", Emulator.denseAdds(), WARM_ROUNDS);

        Bare bare = new Bare(LoadedNetwork.of(image), info, workers);
        Round[] bareRounds = new Round[rounds];
        Round[] jobRounds = new Round[rounds];
        try (Workers w = Workers.open(null, LinkOptions.defaults(), workers, image,
                link -> new Presenter(link, info, info.encoder(Path.of("inputs")), ChannelConfig.defaults()))) {
            MainJob job = new MainJob(w, journal);
            for (int round = -WARM_ROUNDS; round < rounds; round++) {
                Round b;
                Round j;
                if ((round & 1) == 0) {
                    b = Round.measure(bare, x, steps, settle);
                    j = Round.measure(job, x, steps, settle);
                } else {
                    j = Round.measure(job, x, steps, settle);
                    b = Round.measure(bare, x, steps, settle);
                }
                if (!Arrays.equals(b.predictions(), j.predictions())) {
                    System.out.println("FAILED: the main job and the bare emulator classified the inputs differently");
                    System.exit(1);
                }
                if (round >= 0) {
                    bareRounds[round] = b;
                    jobRounds[round] = j;
                }
                System.out.printf("%s %d (%s first): bare %.0f steps/s, main job %.0f steps/s, ratio %.3f; per CPU-second"
                                + " of the process: bare %.0f, main job %.0f, ratio %.3f; bytes allocated per step: bare"
                                + " %.0f, main job %.0f; stepping threads' CPU per step: bare %.0f ns, main job %.0f ns;"
                                + " context switches per input (threads alive after the round): bare %.2f, main job %.2f;"
                                + " load %.2f%n",
                        round < 0 ? "warm-up" : "round", round < 0 ? round + WARM_ROUNDS + 1 : round + 1,
                        (round & 1) == 0 ? "bare" : "main job", b.wallRate(), j.wallRate(), j.wallRate() / b.wallRate(),
                        b.cpuRate(), j.cpuRate(), j.cpuRate() / b.cpuRate(), b.bytesPerStep(), j.bytesPerStep(),
                        1e9 / b.threadRate(), 1e9 / j.threadRate(), b.switchesPerInput(), j.switchesPerInput(),
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            }
        }
        summary("wall clock, steps/s", bareRounds, jobRounds, Round::wallRate);
        summary("process CPU time, steps per CPU-second", bareRounds, jobRounds, Round::cpuRate);
        summary("stepping threads' CPU time, steps per CPU-second", bareRounds, jobRounds, Round::threadRate);
        System.out.println("predictions identical");
    }

    private static void summary(String what, Round[] bare, Round[] job, java.util.function.ToDoubleFunction<Round> of) {
        double[] b = Arrays.stream(bare).mapToDouble(of).toArray();
        double[] j = Arrays.stream(job).mapToDouble(of).toArray();
        double[] ratios = new double[b.length];
        for (int r = 0; r < ratios.length; r++) {
            ratios[r] = j[r] / b[r];
        }
        System.out.printf("%s: median bare %.0f, main job %.0f; median of the rounds' ratios %.3f (min %.3f, max %.3f)%n",
                what, median(b), median(j), median(ratios), Arrays.stream(ratios).min().orElse(0),
                Arrays.stream(ratios).max().orElse(0));
    }

    /**
     * Context switches so far of this process's live threads, voluntary and not (Linux: each
     * thread's /proc status; 0 elsewhere). Threads that ended are not counted, so a round's
     * figure is taken before its own threads end only for the caller: it counts the caller's
     * waits (the main job's collector thread) and the switches its wakes force on the others.
     */
    private static long contextSwitches() {
        long n = 0;
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    for (String line : Files.readAllLines(t.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches") || line.startsWith("nonvoluntary_ctxt_switches")) {
                            n += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException ended) {
                    // the thread ended while listed
                }
            }
        } catch (IOException | UncheckedIOException notLinux) {
            return 0;
        }
        return n;
    }

    /** Bytes allocated on the heap so far by every thread, ended ones included (HotSpot keeps their count). */
    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
    }

    /** CPU time of every thread of this process, the JIT and the collector included: what the work cost. */
    private static long processCpuNs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** One side of the comparison, loaded once. */
    interface Side {
        /** Classifies every input: the work timed. */
        int[] classify(double[][] x, int steps, int settle) throws InterruptedException, IOException;

        /** CPU time of the stepping threads for the last {@link #classify}'s work (measured outside its timing). */
        long steppingCpuNs(double[][] x, int steps, int settle) throws InterruptedException;
    }

    /** One side's round: steps per wall second, per process CPU-second and per stepping threads' CPU-second. */
    record Round(int[] predictions, double wallRate, double cpuRate, double threadRate, double bytesPerStep,
                 double switchesPerInput) {
        static Round measure(Side side, double[][] x, int steps, int settle) throws InterruptedException, IOException {
            // read first and last, outside the timed work: reading them allocates and costs time
            long switches = contextSwitches();
            long start = System.nanoTime();
            long cpu = processCpuNs();
            long allocated = allocatedBytes();
            int[] predictions = side.classify(x, steps, settle);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (processCpuNs() - cpu) / 1e9;
            double total = (double) x.length * steps;
            double bytesPerStep = (allocatedBytes() - allocated) / total;
            double switchesPerInput = (double) (contextSwitches() - switches) / x.length;
            double threadSeconds = side.steppingCpuNs(x, steps, settle) / 1e9;
            return new Round(predictions, total / seconds, total / cpuSeconds, total / threadSeconds, bytesPerStep,
                    switchesPerInput);
        }
    }

    /**
     * The main job on workers opened once, as one {@code run} opens them: {@link Evaluation#run}
     * is the work timed; for the stepping threads' CPU the presenters run the inputs once more,
     * each on a thread of this program (the in-process link runs the board side on the
     * presenting thread, so this is all a step costs there).
     */
    static final class MainJob implements Side {
        private final Workers workers;
        private final boolean journal;

        MainJob(Workers workers, boolean journal) {
            this.workers = workers;
            this.journal = journal;
        }

        @Override
        public int[] classify(double[][] x, int steps, int settle) throws IOException {
            RunJournal j = journal ? RunJournal.start(Files.createTempFile("main-job", ".journal"),
                    new ObjectMapper().createObjectNode()) : null;
            Evaluation.Outcome out = Evaluation.run(workers.presenters(), x, steps, settle, Progress.NONE, j);
            if (j != null) {
                j.delete();
            }
            return out.predictions();
        }

        @Override
        public long steppingCpuNs(double[][] x, int steps, int settle) throws InterruptedException {
            AtomicInteger next = new AtomicInteger();
            AtomicLong cpuNs = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            for (Presenter p : workers.presenters()) {
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
    }

    /** The emulator with only what presenting needs around it, one per worker, made once, each on a thread per pass. */
    static final class Bare implements Side {
        private final Emulator[] emulators;
        private final ImageInfo info;
        /** CPU time of the stepping threads in the last {@link #classify}. */
        private final AtomicLong threadCpuNs = new AtomicLong();

        Bare(LoadedNetwork network, ImageInfo info, int workers) {
            this.info = info;
            emulators = new Emulator[workers];
            for (int w = 0; w < workers; w++) {
                emulators[w] = network.newEmulator();
            }
        }

        @Override
        public long steppingCpuNs(double[][] x, int steps, int settle) {
            return threadCpuNs.get();
        }

        @Override
        public int[] classify(double[][] x, int steps, int settle) throws InterruptedException {
            threadCpuNs.set(0);
            int[] predictions = new int[x.length];
            AtomicInteger next = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < emulators.length; w++) {
                Emulator emulator = emulators[w];
                RateEncoder encoder = info.encoder(null);
                Thread t = new Thread(() -> {
                    long cpu = THREADS.getCurrentThreadCpuTime();
                    int[] axons = new int[encoder.axons()];
                    int[] voltage = new int[info.readoutCompartments()];
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
                        // a readout wider than a core: output j summed over its parts, p x outputs + j
                        double[] scores = new double[info.readoutSize()];
                        for (int c = 0; c < voltage.length; c++) {
                            scores[c % scores.length] += total[c] / info.readoutScale() / Math.max(1, steps - settle);
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
