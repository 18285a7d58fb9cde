package dev.loihi.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** export-nir from the command line: the graph compiles back to the image's bytes; bad arguments fail in one line. */
class ExportNirCommandTest {
    private static final String BRAILLE = "nir/braille_noDelay_noBias_subtract.nir";

    @TempDir
    Path dir;

    @Test
    void shouldExportAnImageThatCompilesBackToTheSameBytes() throws IOException {
        Path a = dir.resolve("a.img");
        CliRun.of("compile", TestData.fixture(BRAILLE), "--dt", "1e-4", "-o", a).assertOk();
        Path g = dir.resolve("chip.nir");
        CliRun run = CliRun.of("export-nir", a, "-o", g).assertOk();
        assertTrue(run.out().contains("--dt 1.0E-4"), run.out());
        Path b = dir.resolve("b.img");
        CliRun.of("compile", g, "--dt", "1e-4", "-o", b).assertOk();
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void shouldRefuseBadArgumentsInOneLineAndWriteNothing() throws IOException {
        Path a = dir.resolve("a.img");
        CliRun.of("compile", TestData.fixture(BRAILLE), "--dt", "1e-4", "-o", a).assertOk();
        byte[] image = Files.readAllBytes(a);
        CliRun.of("export-nir", a, "-o", a).assertUserError("EXPORT_NIR_OUTPUT");
        assertArrayEquals(image, Files.readAllBytes(a));
        CliRun.of("export-nir", dir.resolve("missing.img"), "-o", dir.resolve("g.nir")).assertUserError("IMAGE_IO");
        CliRun.of("export-nir", a, "-o", dir.resolve("no/such/dir/g.nir")).assertUserError("NIR_WRITE_FAILED");
        Path g = dir.resolve("g.nir");
        CliRun.of("export-nir", a, "-o", g).assertOk();
        CliRun.of("compile", g, "--dt", "1e-3", "-o", dir.resolve("c.img")).assertUserError("NIR_BAD_VALUE");
        assertTrue(Files.notExists(dir.resolve("c.img")));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "a temporary file is left");
        }
    }
}
