package dev.loihi.snips.link;

import dev.loihi.common.LoihiException;
import dev.loihi.image.Image;
import dev.loihi.image.ImageWriter;
import dev.loihi.proto.link.Frame;
import dev.loihi.proto.link.Hello;
import dev.loihi.proto.link.HelloAck;
import dev.loihi.proto.link.ProbeRequest;
import dev.loihi.proto.link.Reset;
import dev.loihi.proto.link.RunMode;
import dev.loihi.proto.link.RunSetup;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.ChannelReport;
import dev.loihi.snips.InputRouter;
import dev.loihi.snips.SnipErrors;
import dev.loihi.snips.wire.ProbeLayout;
import dev.loihi.snips.wire.ProtocolDescriptor;
import dev.loihi.snips.wire.SpikePacketsProxy;
import java.util.HashSet;
import java.util.List;
import java.util.function.Supplier;

/**
 * The host side of the protocol over any {@link FrameTransport}: every {@link BoardLink}
 * implementation that speaks link.proto delegates here, so the in-process, TCP and native links
 * differ only in how frames travel. Hello and the version check, the image upload
 * ({@link ImageUploader}), run setup, and each run ({@link HostRun}) over one
 * {@link FrameExchange}.
 */
public final class HostSession implements BoardLink {
    private final String peer;
    private final Supplier<FrameTransport> opener;
    private final LinkOptions options;
    /** Null until {@link #connect()} opens the transport. */
    private FrameExchange exchange;
    private BoardInfo board;
    private int sendFrameBytes;
    private Image image;
    private InputRouter router;
    private ChannelReport total = ChannelReport.EMPTY;
    private boolean closed;

    /** A session over a transport that is open already. */
    public HostSession(FrameTransport transport, LinkOptions options) {
        this(transport.peer(), () -> transport, options);
    }

    /**
     * A session whose transport {@code opener} opens in {@link #connect()} (so making a link
     * costs nothing and a refused connection is that call's error); {@code peer} names the
     * board in messages until then.
     */
    public HostSession(String peer, Supplier<FrameTransport> opener, LinkOptions options) {
        this.peer = peer;
        this.opener = opener;
        this.options = options;
    }

    /** The board as messages name it, e.g. {@code tcp://127.0.0.1:7010}. */
    public String peer() {
        return exchange == null ? peer : exchange.peer();
    }

    @Override
    public BoardInfo connect() {
        requireOpen();
        if (board != null) {
            return board;
        }
        if (exchange == null) {
            exchange = new FrameExchange(opener.get(), options);
        }
        exchange.publish(Frame.newBuilder().setHello(Hello.newBuilder()
                .setProtocolVersion(ProtocolDescriptor.PROTOCOL_VERSION)
                .setClient(options.clientName())
                .setMaxFrameBytes(options.maxFrameBytes())
                .setAccessToken(options.accessToken())).build());
        exchange.flush();
        Frame f = exchange.next("HelloAck");
        if (!f.hasHelloAck()) {
            throw exchange.unexpected("HelloAck", f);
        }
        HelloAck ack = f.getHelloAck();
        if (ack.getProtocolVersion() != ProtocolDescriptor.PROTOCOL_VERSION) {
            throw new LoihiException(SnipErrors.LINK_PROTOCOL_VERSION, "board speaks another protocol version: peer="
                    + exchange.peer() + ", board=" + ack.getProtocolVersion() + ", host=" + ProtocolDescriptor.PROTOCOL_VERSION);
        }
        if (ack.getChips() < 1 || ack.getMaxFrameBytes() < ProtocolDescriptor.MIN_MAX_FRAME_BYTES) {
            throw new LoihiException(SnipErrors.LINK_PROTOCOL, "board describes itself out of range: peer=" + exchange.peer()
                    + ", chips=" + ack.getChips() + ", maxFrameBytes=" + ack.getMaxFrameBytes());
        }
        board = new BoardInfo(ack.getProtocolVersion(), ack.getBoard(), ack.getChips(), ack.getCoresPerChip(),
                ack.getMaxFrameBytes(), new HashSet<>(ack.getCapabilitiesList()), ack.getMaxSpikesPerStep(),
                ack.getMaxImageBytes());
        sendFrameBytes = Math.min(options.maxFrameBytes(), ack.getMaxFrameBytes());
        return board;
    }

    @Override
    public BoardInfo board() {
        requireConnected();
        return board;
    }

    @Override
    public void upload(Image newImage) {
        requireConnected();
        byte[] bytes = ImageWriter.write(newImage);
        if (newImage.chips() > board.chips()) {
            throw new LoihiException(SnipErrors.LINK_BAD_RUN, "image needs more chips than the board has: chips="
                    + newImage.chips() + ", boardChips=" + board.chips() + ", board=" + board.board());
        }
        image = null;
        router = null;
        ImageUploader.upload(exchange, bytes, Math.max(1, Math.min(options.imageChunkBytes(),
                sendFrameBytes - ProtocolDescriptor.FRAME_OVERHEAD_BYTES)));
        image = newImage;
        router = new InputRouter(newImage);
    }

    @Override
    public RunResult runPrecompute(RunSpec spec, SpikeSchedule input) {
        checkSteps(spec, input);
        return run(spec, RunMode.PRECOMPUTE, input, null);
    }

    /**
     * Refuses what {@link #runPrecompute} refuses before it sends anything, with the same errors,
     * and returns the run's probes: for a link that runs some precompute runs another way
     * (the in-process emulator's direct runs) and must fail exactly as this one would.
     */
    public List<ProbeSpec> checkPrecompute(RunSpec spec, SpikeSchedule input) {
        checkSteps(spec, input);
        return check(spec, RunMode.PRECOMPUTE);
    }

    private static void checkSteps(RunSpec spec, SpikeSchedule input) {
        if (input.steps() != spec.steps()) {
            throw new LoihiException(SnipErrors.LINK_BAD_RUN, "schedule and run differ in steps: schedule="
                    + input.steps() + ", run=" + spec.steps());
        }
    }

    @Override
    public RunResult runInteractive(RunSpec spec, StepHandler handler) {
        return run(spec, RunMode.INTERACTIVE, null, handler);
    }

    @Override
    public void reset() {
        requireConnected();
        exchange.publish(Frame.newBuilder().setReset(Reset.getDefaultInstance()).build());
        exchange.flush();
        Frame f = exchange.next("ResetDone");
        if (!f.hasResetDone()) {
            throw exchange.unexpected("ResetDone", f);
        }
    }

    @Override
    public ChannelReport statistics() {
        return total;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (exchange != null) {
                exchange.close();
            }
        }
    }

    private List<ProbeSpec> check(RunSpec spec, RunMode mode) {
        requireConnected();
        if (image == null) {
            throw new LoihiException(SnipErrors.LINK_STATE, "run before an image was uploaded: peer=" + exchange.peer());
        }
        String capability = mode == RunMode.PRECOMPUTE ? ProtocolDescriptor.CAPABILITY_PRECOMPUTE
                : ProtocolDescriptor.CAPABILITY_INTERACTIVE;
        if (!board.can(capability)) {
            throw new LoihiException(SnipErrors.LINK_BAD_RUN, "board cannot run in this mode: mode=" + capability
                    + ", board=" + board.board());
        }
        ChannelConfig channel = spec.channel();
        int frameMax = SpikePacketsProxy.maxSpikesPerFrame(sendFrameBytes);
        if (channel.maxSpikesPerStep() > board.maxSpikesPerStep() || channel.maxSpikesPerStep() > frameMax) {
            throw new LoihiException(SnipErrors.SNIP_BAD_CONFIG, "snip channel cap above what the board holds: cap="
                    + channel.maxSpikesPerStep() + ", boardMax=" + board.maxSpikesPerStep() + ", frameMax=" + frameMax
                    + ", board=" + board.board());
        }
        return spec.resolveProbes(image);
    }

    private RunResult run(RunSpec spec, RunMode mode, SpikeSchedule schedule, StepHandler handler) {
        List<ProbeSpec> probes = check(spec, mode);
        ChannelConfig channel = spec.channel();
        RunSetup.Builder setup = RunSetup.newBuilder().setSteps(spec.steps()).setMode(mode)
                .setMaxSpikesPerStep(channel.maxSpikesPerStep()).setResetState(spec.resetState());
        for (ProbeSpec p : probes) {
            setup.addProbes(ProbeRequest.newBuilder().setPort(p.port()).setSpikes(p.spikes()).setVoltage(p.voltage()));
        }
        ProbeLayout layout = ProbeLayout.of(setup.getProbesList(), port -> image.outputs().get(port).size());
        exchange.publish(Frame.newBuilder().setRunSetup(setup).build());
        exchange.flush();
        Frame ready = exchange.next("RunReady");
        if (!ready.hasRunReady()) {
            throw exchange.unexpected("RunReady", ready);
        }
        HostRun run = new HostRun(exchange, router, spec, mode, new RunRecorder(layout, spec.steps(), image), sendFrameBytes,
                layout.maxBytesPerStep());
        exchange.inbound(run);
        try {
            RunResult result = run.drive(schedule, handler);
            total = total.plus(result.channel());
            return result;
        } catch (RuntimeException e) {
            if (run.boardRunning() && exchange.broken() == null) {
                run.stopQuietly(e);
            }
            throw e;
        } finally {
            exchange.inbound(null);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new LoihiException(SnipErrors.LINK_STATE, "link is closed: peer=" + peer());
        }
        if (exchange != null && exchange.broken() != null) {
            throw new LoihiException(SnipErrors.LINK_STATE, "link failed earlier, close it: peer=" + exchange.peer()
                    + ", failure=" + exchange.broken().code());
        }
    }

    private void requireConnected() {
        requireOpen();
        if (board == null) {
            throw new LoihiException(SnipErrors.LINK_STATE, "link used before connect: peer=" + peer());
        }
    }
}
