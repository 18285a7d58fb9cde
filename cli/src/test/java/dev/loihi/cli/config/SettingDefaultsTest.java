package dev.loihi.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loihi.compiler.CompileOptions;
import dev.loihi.emulator.server.ServerOptions;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.link.LinkOptions;
import dev.loihi.snips.wire.ProtocolDescriptor;
import org.junit.jupiter.api.Test;

/**
 * Each default has one source, the library's own constant; reference.conf only documents it
 * for users of the command line. These fail when the two part.
 */
class SettingDefaultsTest {
    private final LoihiSettings defaults = SettingsLoader.defaults();

    @Test
    void shouldAgreeWithTheChannelDefaults() {
        assertEquals(ChannelConfig.defaults(), defaults.channelConfig());
        assertEquals(ChannelConfig.DEFAULT_MAX_SPIKES_PER_STEP, defaults.maxSpikesPerStep());
    }

    @Test
    void shouldAgreeWithTheLinkDefaults() {
        assertEquals(LinkOptions.defaults(), defaults.linkOptions());
        assertEquals(ServerOptions.LOOPBACK, defaults.linkHost());
        assertEquals(ProtocolDescriptor.DEFAULT_PORT, defaults.linkPort());
    }

    @Test
    void shouldAgreeWithTheServerDefaults() {
        ServerOptions expected = ServerOptions.defaults();
        ServerOptions actual = defaults.serverOptions();
        assertEquals(expected.bindHost(), actual.bindHost());
        assertEquals(expected.port(), actual.port());
        assertEquals(expected.ioThreads(), actual.ioThreads());
        assertEquals(expected.board(), actual.board());
        assertEquals(expected.limits(), actual.limits());
        assertEquals(expected.security(), actual.security());
    }

    @Test
    void shouldAgreeWithTheCompilerDefaults() {
        assertEquals(CompileOptions.builder().build().chips(), defaults.nChips());
    }
}
