package dev.loihi.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExampleCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldTrainCompileAndRunTheExampleAndPrintItsAccuracy() throws Exception {
        CliRun run = CliRun.of("example", "--dir", dir, "--test-inputs", 50, "--steps-per-input", 50).assertOk();
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("accuracy: ")), run.out());
        assertTrue(Files.isRegularFile(dir.resolve("model.h5")), "the Keras model a user would load");
        JsonNode results = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        // Five classes, chance is 0.2; the generated clusters are separable, and the chip keeps that.
        assertTrue(results.get("accuracy").asDouble() >= 0.9, results.toString());
    }

    @Test
    void shouldRefuseABadWorkerCountBeforeTraining() {
        CliRun.of("example", "--dir", dir, "--workers", -1).assertUserError("RUN_WORKERS");
        assertTrue(Files.notExists(dir.resolve("model.h5")), "nothing trained or written");
    }

    @Test
    void shouldRefuseZeroTestInputsBeforeTraining() {
        CliRun.of("example", "--dir", dir, "--test-inputs", 0).assertUserError("EXAMPLE_ARGUMENT");
        assertTrue(Files.notExists(dir.resolve("model.h5")), "nothing trained or written");
    }
}
