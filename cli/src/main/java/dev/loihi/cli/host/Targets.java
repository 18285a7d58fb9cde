package dev.loihi.cli.host;

import dev.loihi.board.TcpLink;
import dev.loihi.board.nativelink.NativeLink;
import dev.loihi.common.LoihiException;
import dev.loihi.emulator.server.EmulatorBoardConfig;
import dev.loihi.emulator.server.InProcessLink;
import dev.loihi.snips.link.BoardLink;
import dev.loihi.snips.link.LinkOptions;

/**
 * Opens the link a {@code --target} names: none or {@code emulator} for the in-process emulator,
 * {@code tcp://HOST:PORT} (or {@code tls://HOST:PORT}) for a board host or {@code loihi serve}, {@code native:LIBRARY[?options]}
 * for a driver library. All three run the same snip channel code.
 */
public final class Targets {
    private Targets() {}

    public static BoardLink open(String target, LinkOptions options) {
        if (target == null || target.isBlank() || target.equals("emulator")) {
            return new InProcessLink(options, EmulatorBoardConfig.defaults());
        }
        if (target.startsWith(TcpLink.SCHEME + "://") || target.startsWith(TcpLink.TLS_SCHEME + "://")) {
            return TcpLink.of(target, options);
        }
        if (target.startsWith("native:")) {
            return NativeLink.open(target, options);
        }
        throw new LoihiException("TARGET_UNKNOWN", "unknown target: target=" + target
                + " (expected emulator, tcp://HOST:PORT, tls://HOST:PORT or native:LIBRARY[?options])");
    }
}
