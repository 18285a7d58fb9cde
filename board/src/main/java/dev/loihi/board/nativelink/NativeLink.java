package dev.loihi.board.nativelink;

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
 * A board on the host's own bus, reached through a native driver library
 * ({@code board/src/main/c/loihi_driver.h}, docs/NATIVE_DRIVER.md). The same
 * {@link HostSession} that drives the TCP and in-process links drives this one, through a
 * {@link NativeTransport}; only the way frames travel differs.
 */
public final class NativeLink implements BoardLink {
    private final NativeTarget target;
    private final HostSession session;

    private NativeLink(NativeTarget target, HostSession session) {
        this.target = target;
        this.session = session;
    }

    /**
     * Loads the target's library (NATIVE_LIBRARY_MISSING, NATIVE_ABI_VERSION), opens its board
     * (NATIVE_DRIVER_ERROR, or LINK_DISCONNECTED / LINK_TIMEOUT when no live board answers) and
     * returns a link not yet connected.
     */
    public static NativeLink open(NativeTarget target, LinkOptions options) {
        NativeDriver driver = NativeDriver.load(target.library());
        NativeBoard board = driver.open(target.options());
        try {
            NativeTransport transport = new NativeTransport(board, target.toString());
            return new NativeLink(target, new HostSession(transport, options));
        } catch (RuntimeException e) {
            board.close();
            throw e;
        }
    }

    /** {@link #open(NativeTarget, LinkOptions)} of a {@code native:LIBRARY[?options]} string. */
    public static NativeLink open(String target, LinkOptions options) {
        return open(NativeTarget.parse(target), options);
    }

    public NativeTarget target() {
        return target;
    }

    @Override
    public BoardInfo connect() {
        return session.connect();
    }

    @Override
    public BoardInfo board() {
        return session.board();
    }

    @Override
    public void upload(Image image) {
        session.upload(image);
    }

    @Override
    public RunResult runPrecompute(RunSpec spec, SpikeSchedule input) {
        return session.runPrecompute(spec, input);
    }

    @Override
    public RunResult runInteractive(RunSpec spec, StepHandler handler) {
        return session.runInteractive(spec, handler);
    }

    @Override
    public void reset() {
        session.reset();
    }

    @Override
    public ChannelReport statistics() {
        return session.statistics();
    }

    @Override
    public void close() {
        session.close();
    }
}
