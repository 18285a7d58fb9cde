package dev.loihi.board;

import com.sun.management.OperatingSystemMXBean;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.link.RunSpec;
import dev.loihi.snips.link.StepHandler;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * The interactive round trip of {@link LinkRoundTripBenchmark} measured by the CPU time the
 * whole process used (host and server share this JVM: every thread of both, event loops and
 * session threads included) per step, beside the wall time. On a machine shared with other
 * builds, wall time mostly measures the scheduler; CPU time per step shows what a change costs
 * in work, such as an extra thread hand-off. Prints the median of 7 rounds after 6 warm-up rounds.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.loihi.board.LinkCpuTime [tcp|tcp-netty] [spikes]</pre>
 */
public final class LinkCpuTime {
    private static final int WARMUP_ROUNDS = 6;
    private static final int ROUNDS = 7;
    private static final int RUNS_PER_ROUND = 100;

    private LinkCpuTime() {}

    public static void main(String[] args) {
        String kind = args.length > 0 ? args[0] : "tcp";
        int spikes = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        RunSpec spec = RunSpec.of(LinkRoundTripBenchmark.STEPS, ChannelConfig.defaults()).withResetState(false);
        StepHandler handler = (step, previous, in) -> {
            int first = (step * 37) % EchoImage.SIZE;
            for (int i = 0; i < spikes; i++) {
                in.spike(0, (first + i) % EchoImage.SIZE);
            }
        };
        double[] cpu = new double[ROUNDS];
        double[] wall = new double[ROUNDS];
        try (LinkFixture fixture = new LinkFixture(kind)) {
            for (int round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
                long cpu0 = os.getProcessCpuTime();
                long wall0 = System.nanoTime();
                for (int r = 0; r < RUNS_PER_ROUND; r++) {
                    fixture.link.runInteractive(spec, handler);
                }
                double steps = (double) RUNS_PER_ROUND * LinkRoundTripBenchmark.STEPS;
                if (round >= 0) {
                    cpu[round] = (os.getProcessCpuTime() - cpu0) / steps / 1000;
                    wall[round] = (System.nanoTime() - wall0) / steps / 1000;
                }
            }
        }
        System.out.printf("%s, %d spikes: process CPU %.1f us/step (rounds %s), wall %.1f us/step (median of %d rounds of %d steps)%n",
                kind, spikes, median(cpu), Arrays.toString(round1(cpu)), median(wall), ROUNDS,
                RUNS_PER_ROUND * LinkRoundTripBenchmark.STEPS);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double[] round1(double[] v) {
        return Arrays.stream(v).map(x -> Math.round(x * 10) / 10.0).toArray();
    }
}
