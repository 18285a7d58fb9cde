package dev.loihi.board.nativelink;

import dev.loihi.snips.link.HostSession;
import dev.loihi.snips.link.LinkOptions;

/**
 * Makes links to a board on the host's own bus, reached through a native driver library
 * ({@code board/src/main/c/loihi_driver.h}, docs/NATIVE_DRIVER.md). The same
 * {@link HostSession} that drives the TCP and in-process links drives this one, through a
 * {@link NativeTransport}; only the way frames travel differs.
 */
public final class NativeLink {
    private NativeLink() {}

    /**
     * Loads the target's library (NATIVE_LIBRARY_MISSING, NATIVE_ABI_VERSION), opens its board
     * (NATIVE_DRIVER_ERROR, or LINK_DISCONNECTED / LINK_TIMEOUT when no live board answers) and
     * returns a link not yet connected.
     */
    public static HostSession open(NativeTarget target, LinkOptions options) {
        NativeDriver driver = NativeDriver.load(target.library());
        NativeBoard board = driver.open(target.options());
        try {
            NativeTransport transport = new NativeTransport(board, target.toString());
            return new HostSession(transport, options);
        } catch (RuntimeException e) {
            board.close();
            throw e;
        }
    }

    /** {@link #open(NativeTarget, LinkOptions)} of a {@code native:LIBRARY[?options]} string. */
    public static HostSession open(String target, LinkOptions options) {
        return open(NativeTarget.parse(target), options);
    }
}
