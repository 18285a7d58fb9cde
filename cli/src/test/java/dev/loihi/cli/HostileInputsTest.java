package dev.loihi.cli;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loihi.emulator.server.EmulatorServer;
import dev.loihi.emulator.server.ServerOptions;
import dev.loihi.image.Image;
import dev.loihi.image.ImageWriter;
import dev.loihi.snips.link.RelayImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inputs of issue 15 point 6 that cannot live in the malformed corpus (devices, FIFOs,
 * ports, command-line values): each gives one line {@code error: [CODE] ...} and exit 2
 * within 10 s, never a hang, a crash or a stack trace.
 */
class HostileInputsTest {
    private static final Duration BOUND = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private static CliRun within10s(Supplier<CliRun> run) {
        return assertTimeoutPreemptively(BOUND, run::get);
    }

    private Path model() {
        return TestData.kerasJson(TestData.KERAS_3LAYER);
    }

    private Path weights() {
        return TestData.kerasWeights(TestData.KERAS_3LAYER);
    }

    @Test
    void shouldRefuseADeviceAsInputOrModel() {
        assumeTrue(Files.exists(Path.of("/dev/zero")));
        Path x = TestData.standardNormal(dir.resolve("x.npy"), 2, TestData.KERAS_FEATURES, 1);
        within10s(() -> CliRun.of("run", model(), "--weights", weights(), "--input", "/dev/zero"))
                .assertUserError("NPY_BAD_FILE");
        within10s(() -> CliRun.of("run", model(), "--weights", "/dev/zero", "--input", x))
                .assertUserError("KERAS_MISSING_WEIGHTS");
        within10s(() -> CliRun.of("compile", "/dev/zero", "-o", dir.resolve("m.img"))).assertUserError("MODEL_NOT_FOUND");
    }

    @Test
    void shouldRefuseAFifoAsInputWithoutWaitingForAWriter() throws Exception {
        Path fifo = dir.resolve("x.npy");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo is available");
        CliRun r = within10s(() -> CliRun.of("run", model(), "--weights", weights(), "--input", fifo))
                .assertUserError("NPY_BAD_FILE");
        assertTrue(r.err().contains("kind=fifo, socket or device"), r.err());
    }

    @Test
    void shouldRefuseADirectoryAsInput() {
        CliRun r = within10s(() -> CliRun.of("run", model(), "--weights", weights(), "--input", dir))
                .assertUserError("NPY_BAD_FILE");
        assertTrue(r.err().contains("kind=directory"), r.err());
    }

    @Test
    void shouldRefuseAnImageWhoseMetadataNestsTooDeep() throws Exception {
        Image relay = RelayImage.build(8, 1);
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        Path img = dir.resolve("deep.img");
        Files.write(img, ImageWriter.write(new Image(relay.chips(), relay.cores(), relay.inputs(), relay.outputs(), deep)));
        within10s(() -> CliRun.of("inspect", img, "--json")).assertUserError("IMAGE_CORRUPT");
    }

    @Test
    void shouldRefuseMoreStepsPerInputThanMemoryHolds() {
        Path x = TestData.standardNormal(dir.resolve("x.npy"), 2, TestData.KERAS_FEATURES, 1);
        long steps = Runtime.getRuntime().maxMemory();
        CliRun r = within10s(() -> CliRun.of("run", model(), "--weights", weights(), "--input", x,
                "--steps-per-input", Math.min(Integer.MAX_VALUE, steps))).assertUserError("RUN_STEPS");
        assertTrue(r.err().contains("steps per input exceed what memory holds"), r.err());
    }

    @Test
    void shouldRefuseATrustFileThatIsNotPem() throws Exception {
        Path x = TestData.standardNormal(dir.resolve("x.npy"), 2, TestData.KERAS_FEATURES, 1);
        Path trust = Files.writeString(dir.resolve("trust.pem"), "not a certificate\n");
        within10s(() -> CliRun.of("run", model(), "--weights", weights(), "--input", x, "--target", "tls://127.0.0.1:9",
                "--set", "link.tls_trust=" + trust)).assertUserError("LINK_BAD_OPTION");
    }

    @Test
    void shouldRefuseToServeOnAPortInUse() {
        try (EmulatorServer taken = EmulatorServer.start(ServerOptions.loopback(0))) {
            CliRun r = within10s(() -> CliRun.of("serve", "--port", taken.port())).assertUserError("SERVER_BIND");
            assertTrue(r.err().contains("port=" + taken.port()), r.err());
        }
    }

    @Test
    void shouldEscapeControlCharactersOfAPathInTheErrorLine() {
        Path odd = dir.resolve("in\u001b[31mred\u0007.npy");
        CliRun r = within10s(() -> CliRun.of("run", model(), "--weights", weights(), "--input", odd))
                .assertUserError("NPY_BAD_FILE");
        assertTrue(r.err().contains("in\\x1b[31mred\\x07.npy"), r.err());
        assertTrue(r.err().chars().noneMatch(c -> c < 0x20 && c != '\n'), r.err());
    }
}
