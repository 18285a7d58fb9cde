package dev.loihi.emulator.server;

import dev.loihi.common.LoihiException;
import dev.loihi.emulator.Emulator;
import dev.loihi.image.ChipLimits;
import dev.loihi.image.Image;
import dev.loihi.proto.link.ErrorCode;
import dev.loihi.proto.link.Frame;
import dev.loihi.proto.link.Hello;
import dev.loihi.proto.link.HelloAck;
import dev.loihi.proto.link.ImageAck;
import dev.loihi.proto.link.ImageChunk;
import dev.loihi.proto.link.ProbeRequest;
import dev.loihi.proto.link.ResetDone;
import dev.loihi.proto.link.RunMode;
import dev.loihi.proto.link.RunReady;
import dev.loihi.proto.link.RunSetup;
import dev.loihi.proto.link.SpikePackets;
import dev.loihi.snips.wire.ErrorFrames;
import dev.loihi.snips.wire.ProbeLayout;
import dev.loihi.snips.wire.ProtocolDescriptor;
import dev.loihi.snips.wire.SpikePacketsAdapter;

/**
 * The board side of one connection, over any {@link FrameSink}: hello, image upload, runs,
 * reset, as docs/PROTOCOL.md describes. The Netty server and the in-process link both drive
 * this class, so a run behaves the same whichever carries it.
 *
 * <p>Errors: a frame that breaks the session's state machine (no Hello first, a wrong protocol
 * version, a message only a board sends) is answered with Error and the connection closes. An
 * error inside an upload or a run (bad chunk, packet out of order, spike to a missing axon)
 * is answered with Error and ends that upload or run; the rest of its stream (chunks, packets,
 * Stop) is then discarded until the host starts something new, so one mistake gives exactly
 * one Error.
 */
public final class EmulatorSession {
    private enum State { AWAIT_HELLO, READY, UPLOADING, RUNNING, DISCARDING, CLOSED }

    private final EmulatorBoardConfig board;
    private final FrameSink out;
    private final String peer;
    private final SpikePacketsAdapter packetsAdapter = new SpikePacketsAdapter();
    private final AccessCheck access;
    private final long maxCoreBytes;
    private final SharedNetworks networks;
    private final UploadBudget uploadBudget;
    private State state = State.AWAIT_HELLO;
    /** Set from another thread when the connection is gone: a frame being run stops at its next packet. */
    private volatile boolean cancelled;
    private int hostMaxFrameBytes;
    private ImageAssembler upload;
    private Image image;
    /** The image's ingress and loaded network, held while this session runs it (SharedNetworks holds it weakly). */
    private SharedNetworks.Loaded network;
    private Emulator emulator;
    /** The emulator's host-spike ingress, kept from run to run: its buffers are as large as the image's input axons. */
    private StepIngress stepIngress;
    private BoardRun run;

    public EmulatorSession(EmulatorBoardConfig board, FrameSink out, String peer) {
        this(board, out, peer, new SharedNetworks());
    }

    /** A session whose uploads grow only within {@code uploadBudget} (a mailbox's, sharing its server's). */
    public EmulatorSession(EmulatorBoardConfig board, FrameSink out, String peer, UploadBudget uploadBudget) {
        this(board, out, peer, "", ServerLimits.DEFAULT_MAX_CORE_BYTES, new SharedNetworks(), uploadBudget);
    }

    /** A session that loads an uploaded image through {@code networks}, sharing it with the other sessions there. */
    EmulatorSession(EmulatorBoardConfig board, FrameSink out, String peer, SharedNetworks networks) {
        this(board, out, peer, "", ServerLimits.DEFAULT_MAX_CORE_BYTES, networks);
    }

    /** A session that admits only a Hello with {@code accessToken} ("" admits all) and images within {@code maxCoreBytes} per core. */
    EmulatorSession(EmulatorBoardConfig board, FrameSink out, String peer, String accessToken, long maxCoreBytes,
                    SharedNetworks networks) {
        this(board, out, peer, accessToken, maxCoreBytes, networks, UploadBudget.unbounded());
    }

    /** As above, with uploads growing only within the server's {@code uploadBudget}. */
    EmulatorSession(EmulatorBoardConfig board, FrameSink out, String peer, String accessToken, long maxCoreBytes,
                    SharedNetworks networks, UploadBudget uploadBudget) {
        this.board = board;
        this.uploadBudget = uploadBudget;
        this.out = out;
        this.peer = peer;
        this.access = new AccessCheck(accessToken);
        this.maxCoreBytes = maxCoreBytes;
        this.networks = networks;
    }

    /** One frame from the host. Never throws: every failure becomes an Error frame. */
    public void onFrame(Frame f) {
        if (state == State.CLOSED) {
            return;
        }
        try {
            dispatch(f);
        } catch (LoihiException e) {
            fail(ErrorCode.INTERNAL, e);
        } catch (RuntimeException e) {
            fatal(ErrorCode.INTERNAL, "board failed: peer=" + peer + ", error=" + e);
        }
    }

    /** The emulator of the loaded image, null before one is loaded (for the in-process link's direct runs). */
    Emulator emulator() {
        return emulator;
    }

    /** The loaded image as the host sent it, null before one is loaded. */
    Image image() {
        return image;
    }

    /** How host spikes reach the loaded image's cores, null before one is loaded. */
    ChipIngress ingress() {
        return network == null ? null : network.ingress();
    }

    /** Whether no run or upload is under way (the in-process link's direct runs start only then). */
    boolean idle() {
        return state == State.READY;
    }

    /** The connection has no more input for now: send what a precompute run has batched. */
    public void onInputDrained() {
        if (run != null) {
            run.flushOutput();
        }
        out.flush();
    }

    /** The connection is gone: stop the frame in progress at its next packet. Thread-safe. */
    public void cancel() {
        cancelled = true;
    }

    public void onClosed() {
        state = State.CLOSED;
        if (upload != null) {
            upload.release();
            upload = null;
        }
        run = null;
        emulator = null;
        network = null;
        stepIngress = null;
    }

    private void dispatch(Frame f) {
        if (state == State.AWAIT_HELLO) {
            if (!f.hasHello()) {
                fatal(ErrorCode.UNEXPECTED_MESSAGE, "first message is not Hello: peer=" + peer + ", got=" + f.getBodyCase());
                return;
            }
            hello(f.getHello());
            return;
        }
        switch (f.getBodyCase()) {
            case IMAGE_CHUNK -> imageChunk(f.getImageChunk());
            case RUN_SETUP -> runSetup(f.getRunSetup());
            case SPIKES -> spikes(f.getSpikes());
            case STOP -> stop();
            case RESET -> reset();
            default -> fatal(ErrorCode.UNEXPECTED_MESSAGE, "message not valid from a host: peer=" + peer
                    + ", got=" + f.getBodyCase() + ", state=" + state);
        }
    }

    private void hello(Hello hello) {
        if (!access.admits(hello.getAccessToken())) {
            // Checked first, and answered alike whatever was wrong: an outsider learns nothing.
            fatal(ErrorCode.UNAUTHORIZED, AccessCheck.REFUSAL);
            return;
        }
        if (hello.getProtocolVersion() != ProtocolDescriptor.PROTOCOL_VERSION) {
            fatal(ErrorCode.PROTOCOL_VERSION, "protocol version not spoken: peer=" + peer + ", host="
                    + hello.getProtocolVersion() + ", board=" + ProtocolDescriptor.PROTOCOL_VERSION);
            return;
        }
        int hostMax = hello.getMaxFrameBytes() == 0 ? ProtocolDescriptor.DEFAULT_MAX_FRAME_BYTES : hello.getMaxFrameBytes();
        if (hostMax < ProtocolDescriptor.MIN_MAX_FRAME_BYTES) {
            fatal(ErrorCode.BAD_FRAME, "host max frame size below the protocol's minimum: peer=" + peer
                    + ", maxFrameBytes=" + hostMax + ", min=" + ProtocolDescriptor.MIN_MAX_FRAME_BYTES);
            return;
        }
        hostMaxFrameBytes = hostMax;
        state = State.READY;
        out.send(Frame.newBuilder().setHelloAck(HelloAck.newBuilder()
                .setProtocolVersion(ProtocolDescriptor.PROTOCOL_VERSION)
                .setBoard(EmulatorBoardConfig.BOARD_NAME)
                .setChips(board.chips())
                .setCoresPerChip(ChipLimits.CORES_PER_CHIP)
                .setMaxFrameBytes(board.maxFrameBytes())
                .addCapabilities(ProtocolDescriptor.CAPABILITY_PRECOMPUTE)
                .addCapabilities(ProtocolDescriptor.CAPABILITY_INTERACTIVE)
                .addCapabilities(ProtocolDescriptor.CAPABILITY_PROBE_SPIKES)
                .addCapabilities(ProtocolDescriptor.CAPABILITY_PROBE_VOLTAGE)
                .setMaxSpikesPerStep(board.maxSpikesPerStep())
                .setMaxImageBytes(board.maxImageBytes())).build());
        out.flush();
    }

    private void imageChunk(ImageChunk chunk) {
        if (state == State.RUNNING) {
            fatal(ErrorCode.UNEXPECTED_MESSAGE, "image chunk during a run: peer=" + peer + ", step=" + run.step());
            return;
        }
        if (state == State.DISCARDING && chunk.getOffset() != 0) {
            return;
        }
        if (state != State.UPLOADING) {
            // A new upload voids the loaded image: a failed upload must not leave the old one running.
            upload = new ImageAssembler(board.maxImageBytes(), uploadBudget);
            image = null;
            network = null;
            emulator = null;
            stepIngress = null;
            state = State.UPLOADING;
        }
        Frame error = upload.accept(chunk);
        if (error != null) {
            upload = null;
            endStream(error);
            return;
        }
        if (!chunk.getLast()) {
            out.send(Frame.newBuilder().setImageAck(ImageAck.newBuilder().setReceivedBytes(upload.received())).build());
            return;
        }
        ImageAssembler done = upload;
        upload = null;
        byte[] bytes = done.bytes();
        boolean loaded;
        try {
            loaded = load(bytes);
        } finally {
            done.release();
        }
        // acknowledged only after the upload budget has its bytes back, so a peer that sees the ack sees the budget free
        if (loaded) {
            out.send(Frame.newBuilder().setImageAck(ImageAck.newBuilder().setReceivedBytes(bytes.length)
                    .setComplete(true).setCores(image.cores().size())).build());
            out.flush();
        }
    }

    /** Loads an uploaded image; false when it was refused (the stream has ended with the error). */
    private boolean load(byte[] bytes) {
        String oversize = CoreSectionLimit.check(bytes, maxCoreBytes);
        if (oversize != null) {
            endStream(ErrorFrames.error(ErrorCode.LIMIT_EXCEEDED, oversize));
            return false;
        }
        Image loaded;
        try {
            SharedNetworks.Upload upload = networks.upload(bytes, "upload from " + peer);
            loaded = upload.image();
            if (loaded.chips() > board.chips()) {
                endStream(ErrorFrames.error(ErrorCode.LIMIT_EXCEEDED, "image needs more chips than the board has: chips="
                        + loaded.chips() + ", boardChips=" + board.chips()));
                return false;
            }
            SharedNetworks.Loaded shared = networks.load(upload);
            emulator = networks.newEmulator(shared.network());
            network = shared;
            stepIngress = new StepIngress(shared.ingress(), loaded.chips());
            image = loaded;
        } catch (LoihiException e) {
            endStream(ErrorFrames.error(ErrorCode.BAD_IMAGE, e));
            return false;
        }
        state = State.READY;
        return true;
    }

    private void runSetup(RunSetup setup) {
        if (state == State.RUNNING || state == State.UPLOADING) {
            fatal(ErrorCode.UNEXPECTED_MESSAGE, "run setup while busy: peer=" + peer + ", state=" + state);
            return;
        }
        state = State.READY;
        if (emulator == null) {
            endStream(ErrorFrames.error(ErrorCode.NO_IMAGE, "run setup before an image was loaded: peer=" + peer));
            return;
        }
        String problem = checkSetup(setup);
        if (problem != null) {
            endStream(ErrorFrames.error(ErrorCode.BAD_RUN_SETUP, problem));
            return;
        }
        ProbeLayout layout = ProbeLayout.of(setup.getProbesList(), p -> image.outputs().get(p).size());
        int stepsPerFrame = layout.stepsPerFrame(Math.min(hostMaxFrameBytes, board.maxFrameBytes()));
        if (stepsPerFrame < 1) {
            endStream(ErrorFrames.error(ErrorCode.LIMIT_EXCEEDED, "one step of probe data exceeds a frame: bytesPerStep="
                    + layout.maxBytesPerStep() + ", maxFrameBytes=" + Math.min(hostMaxFrameBytes, board.maxFrameBytes())));
            return;
        }
        if (setup.getResetState()) {
            emulator.reset();
        }
        stepIngress.startRun();
        run = new BoardRun(setup, layout, stepsPerFrame, emulator, stepIngress, image.chips(), out);
        state = State.RUNNING;
        out.send(Frame.newBuilder().setRunReady(RunReady.newBuilder().setSteps(setup.getSteps())).build());
        out.flush();
    }

    private String checkSetup(RunSetup setup) {
        if (setup.getSteps() < 1 || setup.getSteps() > Integer.MAX_VALUE) {
            return "run steps out of range: steps=" + Long.toUnsignedString(setup.getSteps()) + ", min=1, max="
                    + Integer.MAX_VALUE;
        }
        if (setup.getMode() != RunMode.PRECOMPUTE && setup.getMode() != RunMode.INTERACTIVE) {
            return "run mode not supported: mode=" + setup.getMode();
        }
        int cap = setup.getMaxSpikesPerStep();
        if (cap < 1 || cap > board.maxSpikesPerStep()) {
            return "snip channel cap out of range: maxSpikesPerStep=" + Integer.toUnsignedString(cap)
                    + ", min=1, max=" + board.maxSpikesPerStep();
        }
        int ports = image.outputs().size();
        // Each port at most once: a run's probes are then no more than the image's ports, and one
        // step's output no more than the image's outputs (a repeated probe only multiplied it).
        boolean[] probed = new boolean[ports];
        for (ProbeRequest p : setup.getProbesList()) {
            if (p.getPort() < 0 || p.getPort() >= ports) {
                return "probe of a missing output port: port=" + Integer.toUnsignedString(p.getPort()) + ", ports=" + ports;
            }
            if (probed[p.getPort()]) {
                return "output port probed twice: port=" + p.getPort() + ", probes=" + setup.getProbesCount()
                        + ", ports=" + ports;
            }
            probed[p.getPort()] = true;
            if (!p.getSpikes() && !p.getVoltage()) {
                return "probe reads nothing: port=" + p.getPort();
            }
        }
        return null;
    }

    private void spikes(SpikePackets packets) {
        if (state == State.DISCARDING) {
            return;
        }
        if (state != State.RUNNING) {
            fatal(ErrorCode.UNEXPECTED_MESSAGE, "spike packets outside a run: peer=" + peer + ", state=" + state);
            return;
        }
        BoardRun r = run;
        int status = packetsAdapter.onMessage(packets, this::packet);
        if (state == State.CLOSED) {
            return;
        }
        if (status == SpikePacketsAdapter.LENGTH_MISMATCH) {
            endRunWithError(ErrorFrames.error(ErrorCode.BAD_FRAME, packetsAdapter.lastProblem(), r.step()));
        } else if (status < 0 && run == r) {
            endRunWithError(r.error());
        }
    }

    private int packet(long step, int chip, int packet, int packetCount, int[] words, int firstWord, int spikeCount) {
        if (cancelled) {
            // Nobody will read the rest of this frame's output.
            state = State.CLOSED;
            run = null;
            return BoardRun.REFUSED;
        }
        BoardRun r = run;
        if (r == null) {
            // The run took all its steps earlier in this frame: the host sent more steps than it set up.
            endStream(ErrorFrames.error(ErrorCode.STEP_OUT_OF_ORDER, "spike packet beyond the run's steps: step=" + step
                    + ", chip=" + chip + ", packet=" + packet));
            return BoardRun.REFUSED;
        }
        int status = r.onPacket(step, chip, packet, packetCount, words, firstWord, spikeCount);
        if (status == 0 && r.complete()) {
            finishRun(false);
        }
        return status;
    }

    private void stop() {
        if (state == State.RUNNING) {
            finishRun(true);
        }
        // Otherwise the Stop crossed the run's own end (or followed an Error): nothing to stop.
    }

    private void finishRun(boolean stopped) {
        Frame done = run.done(stopped);
        run = null;
        state = State.READY;
        out.send(done);
        out.flush();
    }

    private void reset() {
        if (state == State.RUNNING || state == State.UPLOADING) {
            fatal(ErrorCode.UNEXPECTED_MESSAGE, "reset while busy: peer=" + peer + ", state=" + state);
            return;
        }
        state = State.READY;
        if (emulator != null) {
            emulator.reset();
        }
        out.send(Frame.newBuilder().setResetDone(ResetDone.getDefaultInstance()).build());
        out.flush();
    }

    private void endRunWithError(Frame error) {
        if (run != null) {
            run.flushOutput();
        }
        run = null;
        endStream(error);
    }

    /** Answers with {@code error} and discards the rest of the failed upload or run. */
    private void endStream(Frame error) {
        state = State.DISCARDING;
        out.send(error);
        out.flush();
    }

    private void fail(ErrorCode code, LoihiException e) {
        run = null;
        endStream(ErrorFrames.error(code, e));
    }

    private void fatal(ErrorCode code, String message) {
        state = State.CLOSED;
        run = null;
        out.send(ErrorFrames.error(code, message));
        out.flush();
        out.close();
    }
}
