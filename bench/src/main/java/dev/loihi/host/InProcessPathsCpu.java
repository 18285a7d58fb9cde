package dev.loihi.host;

import dev.loihi.emulator.KerasJetTagger;
import dev.loihi.emulator.LoadedNetwork;
import dev.loihi.emulator.server.EmulatorBoardConfig;
import dev.loihi.emulator.server.InProcessLink;
import dev.loihi.emulator.server.SharedNetworks;
import dev.loihi.image.Image;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.link.BoardLink;
import dev.loihi.snips.link.LinkOptions;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * CPU time per step of one presenting thread on the three ways a run can reach the in-process
 * emulator: the bare emulator (what {@link MainJobSpeed} calls bare), the full link protocol
 * ({@code InProcessLink.open}, as over TCP minus the socket) and the in-process link's direct
 * precompute runs ({@code InProcessLink.openDirect}, what a run's workers use), in rounds
 * alternating between the three on one thread, so that other processes on a busy machine weigh
 * on all three alike; the predictions of the three must agree.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.loihi.host.InProcessPathsCpu [inputs] [steps] [rounds]</pre>
 */
public final class InProcessPathsCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private InProcessPathsCpu() {}

    public static void main(String[] args) throws InterruptedException {
        int inputs = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        Image image = KerasJetTagger.compile(false);
        ImageInfo info = ImageInfo.of(image);
        double[][] x = KerasJetTagger.gaussianInputs(inputs, info.features(), 7);
        int settle = Math.min(2 * (int) image.cores().stream().map(c -> c.layer()).distinct().count(), steps / 10);
        MainJobSpeed.Bare bare = new MainJobSpeed.Bare(LoadedNetwork.of(image), info, 1);
        EmulatorBoardConfig board = EmulatorBoardConfig.defaults();
        try (BoardLink protocol = InProcessLink.open(LinkOptions.defaults(), board, new SharedNetworks());
             BoardLink direct = InProcessLink.openDirect(LinkOptions.defaults(), board, new SharedNetworks())) {
            Presenter[] presenters = new Presenter[2];
            BoardLink[] links = {protocol, direct};
            for (int k = 0; k < 2; k++) {
                links[k].connect();
                links[k].upload(image);
                presenters[k] = new Presenter(links[k], info, info.encoder(Path.of("inputs")), ChannelConfig.defaults());
            }
            double[][] nsPerStep = new double[3][rounds];
            for (int round = -2; round < rounds; round++) {
                int[] barePredictions = bare.classify(x, steps, settle);
                double bareNs = (double) bare.steppingCpuNs(x, steps, settle) / inputs / steps;
                double[] linkNs = new double[2];
                int[][] predictions = new int[2][inputs];
                for (int k = 0; k < 2; k++) {
                    long cpu = THREADS.getCurrentThreadCpuTime();
                    for (int i = 0; i < inputs; i++) {
                        predictions[k][i] = Evaluation.classOf(presenters[k].present(x[i], steps, settle).scores());
                    }
                    linkNs[k] = (double) (THREADS.getCurrentThreadCpuTime() - cpu) / inputs / steps;
                }
                if (!Arrays.equals(barePredictions, predictions[0]) || !Arrays.equals(predictions[0], predictions[1])) {
                    System.out.println("FAILED: the three paths classified the inputs differently");
                    System.exit(1);
                }
                if (round >= 0) {
                    nsPerStep[0][round] = bareNs;
                    nsPerStep[1][round] = linkNs[0];
                    nsPerStep[2][round] = linkNs[1];
                }
                System.out.printf("round %d: CPU per step bare %.0f ns, protocol %.0f ns, direct %.0f ns; load %.2f%n",
                        round + 1, bareNs, linkNs[0], linkNs[1],
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            }
            double[] protocolRatio = new double[rounds];
            double[] directRatio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                protocolRatio[r] = nsPerStep[0][r] / nsPerStep[1][r];
                directRatio[r] = nsPerStep[0][r] / nsPerStep[2][r];
            }
            System.out.printf("medians over %d rounds: CPU per step bare %.0f ns, protocol %.0f ns, direct %.0f ns;"
                            + " steps per CPU-second against bare: protocol %.3f (min %.3f, max %.3f), direct %.3f"
                            + " (min %.3f, max %.3f); predictions identical%n", rounds,
                    MainJobSpeed.median(nsPerStep[0]), MainJobSpeed.median(nsPerStep[1]), MainJobSpeed.median(nsPerStep[2]),
                    MainJobSpeed.median(protocolRatio), Arrays.stream(protocolRatio).min().orElse(0),
                    Arrays.stream(protocolRatio).max().orElse(0), MainJobSpeed.median(directRatio),
                    Arrays.stream(directRatio).min().orElse(0), Arrays.stream(directRatio).max().orElse(0));
        }
    }
}
