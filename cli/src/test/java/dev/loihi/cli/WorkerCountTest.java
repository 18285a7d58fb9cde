package dev.loihi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.cli.config.LoihiSettings;
import dev.loihi.cli.config.SettingsLoader;
import dev.loihi.common.LoihiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerCountTest {
    private static final String TCP = "tcp://127.0.0.1:7010";
    private static final String NATIVE = "native:libloihi.so";

    @TempDir
    Path dir;

    private LoihiSettings settings(String... sets) throws IOException {
        Path user = Files.writeString(dir.resolve("user.conf"), "");
        return SettingsLoader.load(dir, Optional.empty(), Map.of(SettingsLoader.USER_CONFIG_ENV, user.toString()),
                List.of(sets));
    }

    @Test
    void shouldGiveTheInProcessEmulatorOneWorkerPerProcessorAndABoardOne() throws IOException {
        LoihiSettings s = settings();
        assertEquals(8, WorkerCount.resolve(null, s, null, 1000, 8));
        assertEquals(8, WorkerCount.resolve(null, s, "emulator", 1000, 8));
        assertEquals(1, WorkerCount.resolve(null, s, TCP, 1000, 8));
        assertEquals(1, WorkerCount.resolve(null, s, NATIVE, 1000, 8));
    }

    @Test
    void shouldNeverUseMoreWorkersThanInputs() throws IOException {
        assertEquals(3, WorkerCount.resolve(null, settings(), null, 3, 8));
        assertEquals(2, WorkerCount.resolve(16, settings(), TCP, 2, 8));
    }

    @Test
    void shouldTakeTheOptionOverTheSettingAndTheSettingOverTheDefault() throws IOException {
        LoihiSettings s = settings("run.workers=3");
        assertEquals(3, WorkerCount.resolve(null, s, TCP, 1000, 8));
        assertEquals(2, WorkerCount.resolve(2, s, TCP, 1000, 8));
        assertEquals(8, WorkerCount.resolve(0, s, null, 1000, 8), "0 asks for the target's default");
    }

    @Test
    void shouldRefuseSeveralWorkersOnANativeDriverNamingWhereTheCountCameFrom() throws IOException {
        LoihiException option = assertThrows(LoihiException.class,
                () -> WorkerCount.resolve(2, settings(), NATIVE, 1000, 8));
        assertEquals(CliErrors.RUN_WORKERS, option.code());
        assertTrue(option.getMessage().contains("workers=2, max=1, target=" + NATIVE + " (--workers)"), option.getMessage());
        LoihiException setting = assertThrows(LoihiException.class,
                () -> WorkerCount.resolve(null, settings("run.workers=4"), NATIVE, 1000, 8));
        assertTrue(setting.getMessage().contains("(setting run.workers, origin=--set"), setting.getMessage());
    }

    @Test
    void shouldRefuseANegativeOrHugeCount() throws IOException {
        LoihiException negative = assertThrows(LoihiException.class,
                () -> WorkerCount.resolve(-1, settings(), null, 10, 8));
        assertTrue(negative.getMessage().startsWith("workers out of range: workers=-1, min=0"), negative.getMessage());
        assertThrows(LoihiException.class, () -> WorkerCount.resolve(100_000, settings(), null, 10, 8));
    }

    @Test
    void shouldRefuseABadSettingNamingTheKey() {
        LoihiException e = assertThrows(LoihiException.class, () -> settings("run.workers=-2"));
        assertEquals(CliErrors.CONFIG_BAD_VALUE, e.code());
        assertTrue(e.getMessage().contains("key=run.workers"), e.getMessage());
    }
}
