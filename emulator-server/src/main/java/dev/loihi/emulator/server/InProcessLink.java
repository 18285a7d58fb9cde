package dev.loihi.emulator.server;

import dev.loihi.snips.link.BoardLink;
import dev.loihi.snips.link.HostSession;
import dev.loihi.snips.link.LinkOptions;

/**
 * Makes board links to an emulator in this process. Each runs the whole protocol (hello, chunked
 * image upload, snip channel packets, probe batches) through the same host and board session
 * code as the TCP link, minus the socket, so caps, policies, errors and results are the same
 * as over TCP; only the frames are never serialized.
 */
public final class InProcessLink {
    private InProcessLink() {}

    /** Default link options and board. */
    public static HostSession open() {
        return open(LinkOptions.defaults(), EmulatorBoardConfig.defaults());
    }

    public static HostSession open(LinkOptions options, EmulatorBoardConfig board) {
        return open(options, board, new SharedNetworks());
    }

    /**
     * A link whose uploads load through {@code networks}: links that upload the same image there
     * share its loaded network, so several links on several threads pay its load once.
     */
    public static HostSession open(LinkOptions options, EmulatorBoardConfig board, SharedNetworks networks) {
        return new HostSession(new InProcessTransport(board, networks), options);
    }

    /**
     * As {@link #open(LinkOptions, EmulatorBoardConfig, SharedNetworks)}, but a precompute run that
     * fits the channel (one packet per chip and step, no host axon twice in a step) is stepped
     * directly on the board side's emulator, with the results the protocol gives
     * ({@link DirectInProcessLink}): what a run's workers use.
     */
    public static BoardLink openDirect(LinkOptions options, EmulatorBoardConfig board, SharedNetworks networks) {
        InProcessTransport transport = new InProcessTransport(board, networks);
        return new DirectInProcessLink(new HostSession(transport, options), transport.session());
    }
}
