package dev.loihi.cli.config;

import dev.loihi.cli.CliErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.snips.OverflowPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {
    @TempDir
    Path dir;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void isolateFromTheUsersOwnFile() throws IOException {
        Path user = dir.resolve("user.conf");
        Files.writeString(user, "");
        env.put(SettingsLoader.USER_CONFIG_ENV, user.toString());
    }

    private LoihiSettings load(List<String> sets) {
        return SettingsLoader.load(dir, Optional.empty(), env, sets);
    }

    private LoihiException fails(List<String> sets) {
        return assertThrows(LoihiException.class, () -> load(sets));
    }

    @Test
    void shouldUseBuiltInDefaultsWhenNothingIsSet() {
        LoihiSettings s = load(List.of());
        assertEquals(50, s.maxSpikesPerStep());
        assertEquals(OverflowPolicy.SPLIT, s.overflow());
        assertEquals(1, s.nChips());
        assertTrue(s.origin(SettingKeys.SNIP_MAX_SPIKES_PER_STEP).contains("built-in defaults"));
    }

    @Test
    void shouldHonourCapFromLoihiConfInWorkingDirectory() throws IOException {
        Files.writeString(dir.resolve("loihi.conf"), "hardware {\n  snip_max_spikes_per_step = 200\n}\n");
        LoihiSettings s = load(List.of());
        assertEquals(200, s.maxSpikesPerStep());
        assertEquals(200, s.channelConfig().maxSpikesPerStep());
        assertTrue(s.origin(SettingKeys.SNIP_MAX_SPIKES_PER_STEP).contains("loihi.conf")
                && s.origin(SettingKeys.SNIP_MAX_SPIKES_PER_STEP).contains("line=2"));
    }

    @Test
    void shouldLayerUserThenLocalThenConfigFileThenEnvironmentThenSet() throws IOException {
        Files.writeString(Path.of(env.get(SettingsLoader.USER_CONFIG_ENV)),
                "hardware.n_chips = 2\nlink.port = 7001\nlink.host = user\nhardware.overflow = fail\nlink.io_timeout_ms = 11");
        Files.writeString(dir.resolve("loihi.conf"), "hardware.n_chips = 3\nlink.port = 7002\nlink.host = local\nhardware.overflow = drop");
        Files.writeString(dir.resolve("run.conf"), "hardware.n_chips = 4\nlink.port = 7003\nlink.host = explicit");
        env.put("LOIHI_HARDWARE_N_CHIPS", "5");
        env.put("LOIHI_LINK_PORT", "7004");
        LoihiSettings s = SettingsLoader.load(dir, Optional.of(Path.of("run.conf")), env, List.of("hardware.n_chips=6"));
        assertEquals(6, s.nChips());
        assertEquals(7004, s.linkPort());
        assertEquals("explicit", s.linkHost());
        assertEquals(OverflowPolicy.DROP, s.overflow());
        assertEquals(11, s.ioTimeoutMs());
        assertTrue(s.origin(SettingKeys.LINK_PORT).contains("LOIHI_LINK_PORT"));
        assertTrue(s.origin(SettingKeys.N_CHIPS).contains("--set"));
    }

    @Test
    void shouldTakeCapFromItsEnvironmentVariable() {
        env.put("LOIHI_HARDWARE_SNIP_MAX_SPIKES_PER_STEP", "1000");
        assertEquals(1000, load(List.of()).maxSpikesPerStep());
    }

    @Test
    void shouldRefuseUnknownKeyNamingFileAndLine() throws IOException {
        Files.writeString(dir.resolve("loihi.conf"), "hardware {\n  n_chips = 2\n  snip_max_spike_per_step = 10\n}\n");
        LoihiException e = fails(List.of());
        assertEquals(CliErrors.CONFIG_UNKNOWN_KEY, e.code());
        assertTrue(e.getMessage().contains("key=hardware.snip_max_spike_per_step") && e.getMessage().contains("line=3")
                && e.getMessage().contains("loihi.conf"), e.getMessage());
        assertTrue(e.getMessage().contains("didYouMean=hardware.snip_max_spikes_per_step"), e.getMessage());
    }

    @Test
    void shouldRefuseValueOutOfRangeNamingFileAndLine() throws IOException {
        Files.writeString(dir.resolve("loihi.conf"), "hardware.snip_max_spikes_per_step = 0\n");
        LoihiException e = fails(List.of());
        assertEquals(CliErrors.CONFIG_BAD_VALUE, e.code());
        assertTrue(e.getMessage().contains("key=hardware.snip_max_spikes_per_step") && e.getMessage().contains("line=1")
                && e.getMessage().contains("min=1"), e.getMessage());
    }

    @Test
    void shouldRefuseValueOfWrongType() throws IOException {
        Files.writeString(dir.resolve("loihi.conf"), "link {\n  port = \"seven\"\n}\n");
        LoihiException e = fails(List.of());
        assertEquals(CliErrors.CONFIG_BAD_VALUE, e.code());
        assertTrue(e.getMessage().contains("key=link.port") && e.getMessage().contains("line=2"), e.getMessage());
    }

    @Test
    void shouldKeepTheErrorOnOneLineWhenTheValueHoldsLineBreaks() throws IOException {
        // a value with carriage returns in it (a fuzzer's find): the message writes them as \x0d
        Files.writeString(dir.resolve("loihi.conf"), "link.port = 7\r\r011\n");
        LoihiException e = fails(List.of());
        assertEquals(CliErrors.CONFIG_BAD_VALUE, e.code());
        assertTrue(!e.getMessage().contains("\r") && !e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains("key=link.port") && e.getMessage().contains("value=7\\x0d\\x0d011"),
                e.getMessage());
    }

    @Test
    void shouldKeepTheErrorOnOneLineWhenAnUnknownKeyHoldsLineBreaks() throws IOException {
        Files.writeString(dir.resolve("loihi.conf"), "\"link\\rport\" = 7\n");
        LoihiException e = fails(List.of());
        assertEquals(CliErrors.CONFIG_UNKNOWN_KEY, e.code());
        // the config library names a quoted key with its escapes, so the line break stays text
        assertTrue(!e.getMessage().contains("\r") && e.getMessage().contains("key=\"link\\rport\""), e.getMessage());
    }

    @Test
    void shouldRefuseFractionForWholeNumber() {
        LoihiException e = fails(List.of("hardware.snip_max_spikes_per_step=50.5"));
        assertEquals(CliErrors.CONFIG_BAD_VALUE, e.code());
    }

    @Test
    void shouldRefusePolicyThatIsNotAChoice() {
        LoihiException e = fails(List.of("hardware.overflow=truncate"));
        assertEquals(CliErrors.CONFIG_BAD_VALUE, e.code());
        assertTrue(e.getMessage().contains("choices=split|fail|drop") && e.getMessage().contains("--set"), e.getMessage());
    }

    @Test
    void shouldRefuseBadEnvironmentValueNamingTheVariable() {
        env.put("LOIHI_LINK_IO_TIMEOUT_MS", "soon");
        LoihiException e = fails(List.of());
        assertEquals(CliErrors.CONFIG_BAD_VALUE, e.code());
        assertTrue(e.getMessage().contains("LOIHI_LINK_IO_TIMEOUT_MS"), e.getMessage());
    }

    @Test
    void shouldRefuseEnvironmentVariableOfASectionThatNamesNoKey() {
        env.put("LOIHI_HARDWARE_SNIP_MAX_SPIKE_PER_STEP", "10");
        LoihiException e = fails(List.of());
        assertEquals(CliErrors.CONFIG_UNKNOWN_KEY, e.code());
        assertTrue(e.getMessage().contains("didYouMean=LOIHI_HARDWARE_SNIP_MAX_SPIKES_PER_STEP"), e.getMessage());
    }

    @Test
    void shouldIgnoreLoihiVariablesOutsideTheSettingSections() {
        env.put("LOIHI_DEBUG", "1");
        assertEquals(50, load(List.of()).maxSpikesPerStep());
    }

    @Test
    void shouldRefuseSetWithoutEquals() {
        assertEquals(CliErrors.CONFIG_BAD_SET, fails(List.of("hardware.n_chips")).code());
    }

    @Test
    void shouldRefuseSetOfUnknownKey() {
        assertEquals(CliErrors.CONFIG_UNKNOWN_KEY, fails(List.of("hardware.chips=2")).code());
    }

    @Test
    void shouldRefuseFileThatDoesNotParseNamingTheLine() throws IOException {
        Files.writeString(dir.resolve("loihi.conf"), "hardware {\n  n_chips = 2\n");
        LoihiException e = fails(List.of());
        assertEquals(CliErrors.CONFIG_SYNTAX, e.code());
        assertTrue(e.getMessage().contains("loihi.conf"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"include \"other.conf\"", "include file(\"other.conf\")",
            "include url(\"http://127.0.0.1:9/x.conf\")", "include classpath(\"reference.conf\")",
            "hardware { include required(\"other.conf\") }"})
    void shouldRefuseIncludesInAnyForm(String include) throws IOException {
        Files.writeString(dir.resolve("other.conf"), "hardware.n_chips = 3\n");
        Files.writeString(dir.resolve("loihi.conf"), include + "\n");
        LoihiException e = fails(List.of());
        assertEquals(CliErrors.CONFIG_SYNTAX, e.code());
        assertTrue(e.getMessage().startsWith("config files may not include others: file="), e.getMessage());
        assertTrue(e.getMessage().contains("loihi.conf"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void shouldRefuseMissingConfigFile() {
        LoihiException e = assertThrows(LoihiException.class,
                () -> SettingsLoader.load(dir, Optional.of(Path.of("nope.conf")), env, List.of()));
        assertEquals(CliErrors.CONFIG_FILE, e.code());
    }

    @Test
    void shouldRefuseValueThatReplacesASection() {
        LoihiException e = fails(List.of("hardware=5"));
        assertEquals(CliErrors.CONFIG_UNKNOWN_KEY, e.code());
    }

    @Test
    void shouldRenderEverySettingWithItsOrigin() throws IOException {
        Files.writeString(dir.resolve("loihi.conf"), "hardware.overflow = fail\n");
        String text = load(List.of("link.port=7999")).render();
        for (SettingKey k : SettingKeys.ALL) {
            assertTrue(text.contains(k.path() + " = "), k.path());
        }
        assertTrue(text.lines().anyMatch(l -> l.startsWith("hardware.overflow = \"fail\"") && l.contains("loihi.conf")), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("link.port = 7999") && l.contains("--set link.port=7999")), text);
    }

    @Test
    void shouldDefineADefaultForEveryKeyAndNoOther() {
        LoihiSettings defaults = SettingsLoader.defaults();
        assertEquals(SettingKeys.ALL.size(), defaults.entries().size());
        assertEquals(SettingKeys.ALL.size(), SettingsLoader.reference().entrySet().size());
    }

    @Test
    void shouldBuildLinkAndServerOptionsFromSettings() {
        LoihiSettings s = load(List.of("link.io_timeout_ms=1234", "server.port=0"));
        assertEquals(1234, s.linkOptions().ioTimeoutMs());
        assertEquals(0, s.serverOptions().port());
        assertEquals("tcp://127.0.0.1:7010", s.linkTarget());
    }
}
