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
import java.nio.file.Path;

/**
 * One presenting thread classifying a fixed number of inputs, either as the main job's workers
 * do ({@link Presenter} on the in-process link's direct runs) or as {@link MainJobSpeed}'s bare
 * side does, for instruction counts that the machine's load does not stretch: run under
 * callgrind with {@code warm} inputs and 0, then {@code warm} and N more; the difference of the
 * two totals over N times the steps is a step's instructions on that path.
 *
 * <pre>valgrind --tool=callgrind --smc-check=all-non-file java -Xbatch -Dloihi.fixtures=PATH \
 *     -cp bench/target/benchmarks.jar dev.loihi.host.MainJobSteps direct|bare default|single|FILE.img WARM N [steps]</pre>
 */
public final class MainJobSteps {
    private MainJobSteps() {}

    public static void main(String[] args) throws InterruptedException {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        boolean direct = args[0].equals("direct");
        Image image = KerasJetTagger.image(args[1]);
        int warm = Integer.parseInt(args[2]);
        int counted = Integer.parseInt(args[3]);
        int steps = args.length > 4 ? Integer.parseInt(args[4]) : 200;
        ImageInfo info = ImageInfo.of(image);
        // the warm inputs again and again, then the counted ones: the same inputs whatever N is
        double[][] pool = KerasJetTagger.gaussianInputs(300, info.features(), 7);
        double[][] x = new double[warm + counted][];
        for (int i = 0; i < x.length; i++) {
            x[i] = pool[i % pool.length];
        }
        int settle = Math.min(2 * (int) image.cores().stream().map(c -> c.layer()).distinct().count(), steps / 10);
        long checksum = 0;
        if (direct) {
            try (BoardLink link = InProcessLink.openDirect(LinkOptions.defaults(), EmulatorBoardConfig.defaults(),
                    new SharedNetworks())) {
                link.connect();
                link.upload(image);
                Presenter presenter = new Presenter(link, info, info.encoder(Path.of("inputs")), ChannelConfig.defaults());
                for (double[] row : x) {
                    checksum = 31 * checksum + Evaluation.classOf(presenter.present(row, steps, settle).scores());
                }
            }
        } else {
            for (int p : new MainJobSpeed.Bare(LoadedNetwork.of(image), info, 1).classify(x, steps, settle)) {
                checksum = 31 * checksum + p;
            }
        }
        // printed as a check that both paths and two builds classify alike
        System.out.printf("%s: %d inputs x %d steps, predictions checksum %d%n", args[0], x.length, steps, checksum);
    }
}
