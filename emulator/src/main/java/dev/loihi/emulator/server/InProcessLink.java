package dev.loihi.emulator.server;

import dev.loihi.image.Image;
import dev.loihi.snips.ChannelReport;
import dev.loihi.snips.link.BoardInfo;
import dev.loihi.snips.link.BoardLink;
import dev.loihi.snips.link.HostSession;
import dev.loihi.snips.link.LinkOptions;
import dev.loihi.snips.link.RunResult;
import dev.loihi.snips.link.RunSpec;
import dev.loihi.snips.link.SpikeSchedule;
import dev.loihi.snips.link.StepHandler;

/**
 * A board link to an emulator in this process. It runs the whole protocol (hello, chunked
 * image upload, snip channel packets, probe batches) through the same host and board session
 * code as the TCP link, minus the socket, so caps, policies, errors and results are the same
 * as over TCP; only the frames are never serialized.
 */
public final class InProcessLink implements BoardLink {
    private final HostSession host;

    public InProcessLink() {
        this(LinkOptions.defaults(), EmulatorBoardConfig.defaults());
    }

    public InProcessLink(LinkOptions options, EmulatorBoardConfig board) {
        this(options, board, new SharedNetworks());
    }

    /**
     * A link whose uploads load through {@code networks}: links that upload the same image there
     * share its loaded network, so several links on several threads pay its load once.
     */
    public InProcessLink(LinkOptions options, EmulatorBoardConfig board, SharedNetworks networks) {
        this.host = new HostSession(new InProcessTransport(board, networks), options);
    }

    @Override
    public BoardInfo connect() {
        return host.connect();
    }

    @Override
    public BoardInfo board() {
        return host.board();
    }

    @Override
    public void upload(Image image) {
        host.upload(image);
    }

    @Override
    public RunResult runPrecompute(RunSpec spec, SpikeSchedule input) {
        return host.runPrecompute(spec, input);
    }

    @Override
    public RunResult runInteractive(RunSpec spec, StepHandler handler) {
        return host.runInteractive(spec, handler);
    }

    @Override
    public void reset() {
        host.reset();
    }

    @Override
    public ChannelReport statistics() {
        return host.statistics();
    }

    @Override
    public void close() {
        host.close();
    }
}
