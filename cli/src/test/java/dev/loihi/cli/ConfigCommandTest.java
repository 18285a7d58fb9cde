package dev.loihi.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loihi config} and the settings options every command shares. The command reads
 * ./loihi.conf from the process's working directory, which a test cannot move; that layer is
 * tested through {@code SettingsLoader} in {@code config.SettingsLoaderTest}.
 */
class ConfigCommandTest {
    @TempDir
    Path dir;

    private static boolean hasLine(String text, String start, String origin) {
        return text.lines().anyMatch(l -> l.startsWith(start) && l.contains(origin));
    }

    @Test
    void shouldPrintValueAndLineFromTheConfigFile() throws Exception {
        Path file = Files.writeString(dir.resolve("run.conf"), "# channel\nhardware {\n  snip_max_spikes_per_step = 7\n}\n");
        String out = CliRun.of("config", "--config", file).assertOk().out();
        assertTrue(hasLine(out, "hardware.snip_max_spikes_per_step = 7 ", file + ", line=3"), out);
        assertTrue(out.contains("#   " + file), "the file is listed among the layers read: " + out);
    }

    @Test
    void shouldLetSetWinOverTheConfigFile() throws Exception {
        Path file = Files.writeString(dir.resolve("run.conf"), "hardware.n_chips = 3\n");
        String out = CliRun.of("config", "--config", file, "--set", "hardware.n_chips=5").assertOk().out();
        assertTrue(hasLine(out, "hardware.n_chips = 5 ", "--set hardware.n_chips=5"), out);
    }

    @Test
    void shouldSayWhatEverySettingMeansAndWhichValuesItTakes() {
        List<String> lines = CliRun.of("config").assertOk().out().lines().toList();
        int overflow = lines.indexOf(lines.stream().filter(l -> l.startsWith("hardware.overflow = ")).findFirst().orElseThrow());
        assertTrue(lines.get(overflow - 1).startsWith("# a step over the cap: ")
                && lines.get(overflow - 1).endsWith("; values: split|fail|drop"), lines.get(overflow - 1));
        int port = lines.indexOf(lines.stream().filter(l -> l.startsWith("link.port = ")).findFirst().orElseThrow());
        assertTrue(lines.get(port - 1).endsWith("; values: 1..65535"), lines.get(port - 1));
    }

    @Test
    void shouldRefuseConfigFileThatDoesNotExist() {
        CliRun.of("config", "--config", dir.resolve("absent.conf")).assertUserError(CliErrors.CONFIG_FILE);
    }

    @Test
    void shouldRefuseUnknownSetKey() {
        CliRun.of("config", "--set", "hardware.snip_max_spike_per_step=10").assertUserError(CliErrors.CONFIG_UNKNOWN_KEY);
    }

    @Test
    void shouldRefuseBadValueBeforeCompiling() {
        CliRun.of("compile", TestData.kerasJson(TestData.KERAS_3LAYER), "--weights",
                TestData.kerasWeights(TestData.KERAS_3LAYER), "-o", dir.resolve("never.img"),
                "--set", "hardware.n_chips=zero").assertUserError(CliErrors.CONFIG_BAD_VALUE);
        assertTrue(Files.notExists(dir.resolve("never.img")));
    }
}
