package dev.loihi.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.loihi.cli.config.SettingsLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HOCON settings files (./loihi.conf, --config) through the whole layering and validation.
 * The user layer is pinned to an empty file so the developer's own settings never take part.
 */
class SettingsFuzzTest {
    private static final Map<String, String> ENV;

    static {
        Path user = Scratch.write("user.conf", new byte[0]);
        ENV = Map.of(SettingsLoader.USER_CONFIG_ENV, user.toString());
    }

    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] bytes) {
        decode(bytes);
    }

    static void decode(byte[] bytes) {
        Path file = Scratch.write("fuzz.conf", bytes);
        Rejection.check(() -> SettingsLoader.load(Scratch.dir(), Optional.of(file), ENV, List.of()));
    }
}
