package dev.loihi.host;

import dev.loihi.board.TcpLink;
import dev.loihi.board.nativelink.NativeLink;
import dev.loihi.common.LoihiException;
import dev.loihi.emulator.server.EmulatorBoardConfig;
import dev.loihi.emulator.server.InProcessLink;
import dev.loihi.emulator.server.SharedNetworks;
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
        return open(target, options, new SharedNetworks());
    }

    /** As above; an in-process emulator loads the image through {@code networks}, shared with the links there. */
    public static BoardLink open(String target, LinkOptions options, SharedNetworks networks) {
        if (inProcess(target)) {
            return InProcessLink.openDirect(options, EmulatorBoardConfig.defaults(), networks);
        }
        if (target.startsWith(TcpLink.SCHEME + "://") || target.startsWith(TcpLink.TLS_SCHEME + "://")) {
            return TcpLink.of(target, options);
        }
        if (isNative(target)) {
            return NativeLink.open(target, options);
        }
        throw unknown(target);
    }

    /**
     * What {@link #open} would refuse without opening anything (an unknown scheme, a malformed
     * tcp/tls address, a TLS trust file that is not PEM), so that a run refuses it before it compiles.
     */
    public static void check(String target, LinkOptions options) {
        if (inProcess(target) || isNative(target)) {
            return;
        }
        if (target.startsWith(TcpLink.SCHEME + "://") || target.startsWith(TcpLink.TLS_SCHEME + "://")) {
            TcpLink.check(target, options);
            return;
        }
        throw unknown(target);
    }

    private static LoihiException unknown(String target) {
        return new LoihiException(HostErrors.TARGET_UNKNOWN, "unknown target: target=" + target
                + " (expected emulator, tcp://HOST:PORT, tls://HOST:PORT or native:LIBRARY[?options])");
    }

    /** The emulator in this process: none given, or {@code emulator}. */
    public static boolean inProcess(String target) {
        return target == null || target.isBlank() || target.equals("emulator");
    }

    public static boolean isNative(String target) {
        return target != null && target.startsWith("native:");
    }
}
