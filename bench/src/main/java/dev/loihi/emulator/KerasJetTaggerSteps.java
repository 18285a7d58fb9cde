package dev.loihi.emulator;

import dev.loihi.host.ImageInfo;
import dev.loihi.image.Image;

/**
 * Steps the compiled jet tagger as {@link EmulatorKerasJetTaggerBenchmark} does (one thread,
 * {@link HostPresentation}), a fixed number of steps, for instruction counts that the machine's
 * load does not stretch: run under callgrind with {@code warm} steps and 0, then {@code warm} and
 * S more; the difference of the two totals over S is a step's instructions.
 *
 * <pre>valgrind --tool=callgrind --smc-check=all-non-file java -Xbatch -Dloihi.fixtures=PATH \
 *     -cp bench/target/benchmarks.jar dev.loihi.emulator.KerasJetTaggerSteps default|single|FILE.img WARM S</pre>
 */
public final class KerasJetTaggerSteps {
    private KerasJetTaggerSteps() {}

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        String conversion = args.length > 0 ? args[0] : "default";
        int warm = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        Image image = KerasJetTagger.image(conversion);
        ImageInfo info = ImageInfo.of(image);
        HostPresentation host = new HostPresentation(LoadedNetwork.of(image), info,
                KerasJetTagger.gaussianInputs(EmulatorKerasJetTaggerBenchmark.INPUTS, info.features(), 11),
                EmulatorKerasJetTaggerBenchmark.STEPS_PER_INPUT);
        long sum = 0;
        for (int i = 0; i < warm + steps; i++) {
            sum += host.step();
        }
        // printed so that the steps are not dropped as dead code, and as a check that two builds step alike
        System.out.printf("KERAS_3layer (%s): %d steps, readout checksum %d%n", conversion,
                warm + steps, sum);
    }
}
