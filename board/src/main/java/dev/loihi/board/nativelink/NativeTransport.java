package dev.loihi.board.nativelink;

import dev.loihi.snips.SnipErrors;
import dev.loihi.common.LoihiException;
import dev.loihi.proto.link.Error;
import dev.loihi.proto.link.ErrorCode;
import dev.loihi.proto.link.Frame;
import dev.loihi.proto.link.HelloAck;
import dev.loihi.proto.link.ImageAck;
import dev.loihi.proto.link.ImageChunk;
import dev.loihi.proto.link.ProbeRequest;
import dev.loihi.proto.link.ResetDone;
import dev.loihi.proto.link.RunDone;
import dev.loihi.proto.link.RunMode;
import dev.loihi.proto.link.RunReady;
import dev.loihi.proto.link.RunSetup;
import dev.loihi.snips.link.FrameTransport;
import dev.loihi.snips.wire.ErrorFrames;
import dev.loihi.snips.wire.ProtocolDescriptor;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The frames of link.proto carried by a native driver instead of a socket: the host's
 * {@code HostSession} speaks frames as over TCP, and this transport turns each into driver
 * calls and each driver answer into the frame a TCP board would have sent. So runs, channel
 * caps, spike-loss checks and error codes are the same code over either link.
 *
 * <p>Spike packets are written as the board makes room; when it waits for the host to read
 * output ({@link DriverStatus#FULL}), offers report {@link #BACK_PRESSURED} until the host has
 * polled, as a full socket would.
 */
public final class NativeTransport implements FrameTransport {
    private final NativeBoard board;
    private final String peer;
    private final NativeBoardInfo info;
    private final ArrayDeque<Frame> inbound = new ArrayDeque<>();
    private final SpikePacketsCursor spikes = new SpikePacketsCursor();
    private byte[] image = new byte[0];
    private int imageBytes;
    private StepOutputCollector run;
    private boolean closed;

    public NativeTransport(NativeBoard board, String peer) {
        this.board = board;
        this.peer = peer;
        this.info = board.describe();
    }

    @Override
    public long offer(Frame frame) {
        if (closed) {
            return NOT_CONNECTED;
        }
        if (!spikes.pump(board)) {
            return BACK_PRESSURED;
        }
        switch (frame.getBodyCase()) {
            case HELLO -> inbound.add(helloAck());
            case IMAGE_CHUNK -> imageChunk(frame.getImageChunk());
            case RUN_SETUP -> runSetup(frame.getRunSetup());
            case SPIKES -> {
                spikes.start(frame.getSpikes());
                spikes.pump(board);
            }
            case STOP -> stop();
            case RESET -> inbound.add(board.reset() == DriverStatus.OK
                    ? Frame.newBuilder().setResetDone(ResetDone.getDefaultInstance()).build() : refused());
            default -> throw new LoihiException(SnipErrors.LINK_PROTOCOL, "host frame the native link does not carry: peer="
                    + peer + ", frame=" + frame.getBodyCase());
        }
        return 0;
    }

    @Override
    public void flush() {
        if (!closed) {
            spikes.pump(board);
        }
    }

    @Override
    public Frame poll(long timeoutMs) {
        if (!inbound.isEmpty()) {
            return inbound.poll();
        }
        if (closed) {
            throw new LoihiException(SnipErrors.LINK_DISCONNECTED, "native link closed: peer=" + peer);
        }
        if (run == null) {
            return null;
        }
        long deadline = System.nanoTime() + Math.max(0, timeoutMs) * 1_000_000L;
        while (true) {
            spikes.pump(board);
            long waitUs = Math.max(0, (deadline - System.nanoTime()) / 1000);
            int status = board.readPacket(waitUs);
            if (status == DriverStatus.EMPTY) {
                if (deadline - System.nanoTime() <= 0) {
                    return null;
                }
                continue;
            }
            if (status == DriverStatus.E_BOARD) {
                endRun();
                return refused();
            }
            switch (board.packetKind()) {
                case DriverStatus.PACKET_SPIKE_BITS -> run.spikeBits(board);
                case DriverStatus.PACKET_STEP_DONE -> {
                    return run.stepDone(board);
                }
                case DriverStatus.PACKET_RUN_DONE -> {
                    endRun();
                    return runDone();
                }
                default -> throw new LoihiException(SnipErrors.LINK_PROTOCOL, "unknown driver packet kind: peer=" + peer
                        + ", kind=" + board.packetKind());
            }
        }
    }

    @Override
    public String peer() {
        return peer;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            board.close();
        }
    }

    private Frame helloAck() {
        HelloAck.Builder ack = HelloAck.newBuilder()
                .setProtocolVersion(ProtocolDescriptor.PROTOCOL_VERSION)
                .setBoard(info.name())
                .setChips(info.chips())
                .setCoresPerChip(info.coresPerChip())
                // Frames never reach a wire here: the transport unpacks them, so no size limit applies.
                .setMaxFrameBytes(ProtocolDescriptor.MAX_MAX_FRAME_BYTES)
                .setMaxSpikesPerStep(info.maxPacketSpikes())
                .setMaxImageBytes(info.maxImageBytes());
        if (info.can(DriverStatus.CAP_PRECOMPUTE)) {
            ack.addCapabilities(ProtocolDescriptor.CAPABILITY_PRECOMPUTE);
        }
        if (info.can(DriverStatus.CAP_INTERACTIVE)) {
            ack.addCapabilities(ProtocolDescriptor.CAPABILITY_INTERACTIVE);
        }
        if (info.can(DriverStatus.CAP_PROBE_SPIKE_BITS)) {
            ack.addCapabilities(ProtocolDescriptor.CAPABILITY_PROBE_SPIKES);
        }
        if (info.can(DriverStatus.CAP_PROBE_VOLTAGE)) {
            ack.addCapabilities(ProtocolDescriptor.CAPABILITY_PROBE_VOLTAGE);
        }
        return Frame.newBuilder().setHelloAck(ack).build();
    }

    /** Gathers chunks; the driver takes the whole image at once and loads it on the board. */
    private void imageChunk(ImageChunk chunk) {
        if (chunk.getOffset() == 0) {
            imageBytes = 0;
            if (chunk.getTotalBytes() > info.maxImageBytes()) {
                inbound.add(ErrorFrames.error(ErrorCode.LIMIT_EXCEEDED, "image larger than the board takes: bytes="
                        + chunk.getTotalBytes() + ", maxImageBytes=" + info.maxImageBytes() + ", peer=" + peer));
                return;
            }
            image = new byte[(int) chunk.getTotalBytes()];
        }
        byte[] data = chunk.getData().toByteArray();
        CRC32 crc = new CRC32();
        crc.update(data);
        if (chunk.getOffset() != imageBytes || imageBytes + data.length > image.length
                || (int) crc.getValue() != chunk.getChunkCrc32()) {
            inbound.add(ErrorFrames.error(ErrorCode.BAD_IMAGE, "image chunk out of order or damaged: offset="
                    + chunk.getOffset() + ", expected=" + imageBytes + ", bytes=" + data.length + ", peer=" + peer));
            return;
        }
        System.arraycopy(data, 0, image, imageBytes, data.length);
        imageBytes += data.length;
        if (!chunk.getLast()) {
            inbound.add(Frame.newBuilder().setImageAck(ImageAck.newBuilder().setReceivedBytes(imageBytes)).build());
            return;
        }
        byte[] whole = imageBytes == image.length ? image : Arrays.copyOf(image, imageBytes);
        image = new byte[0];
        if (board.writeImage(whole) != DriverStatus.OK) {
            inbound.add(refused());
            return;
        }
        inbound.add(Frame.newBuilder().setImageAck(ImageAck.newBuilder().setReceivedBytes(whole.length)
                .setComplete(true).setCores(board.loadedCores())).build());
    }

    private void runSetup(RunSetup setup) {
        int mode = setup.getMode() == RunMode.PRECOMPUTE ? DriverStatus.MODE_PRECOMPUTE
                : setup.getMode() == RunMode.INTERACTIVE ? DriverStatus.MODE_INTERACTIVE : 0;
        if (mode == 0) {
            inbound.add(ErrorFrames.error(ErrorCode.BAD_RUN_SETUP, "run mode missing: mode=" + setup.getMode()
                    + ", peer=" + peer));
            return;
        }
        int n = setup.getProbesCount();
        int[] ports = new int[n];
        int[] flags = new int[n];
        for (int i = 0; i < n; i++) {
            ProbeRequest p = setup.getProbes(i);
            ports[i] = p.getPort();
            flags[i] = (p.getSpikes() ? DriverStatus.PROBE_SPIKE_BITS : 0) | (p.getVoltage() ? DriverStatus.PROBE_VOLTAGE : 0);
        }
        if (board.runStart(setup.getSteps(), mode, setup.getMaxSpikesPerStep(), setup.getResetState(), ports, flags)
                != DriverStatus.OK) {
            inbound.add(refused());
            return;
        }
        boolean voltageProbed = false;
        for (int f : flags) {
            voltageProbed |= (f & DriverStatus.PROBE_VOLTAGE) != 0;
        }
        run = new StepOutputCollector(voltageProbed);
        inbound.add(Frame.newBuilder().setRunReady(RunReady.newBuilder().setSteps(setup.getSteps())).build());
    }

    private void stop() {
        if (run == null) {
            return;
        }
        spikes.clear();
        int status = board.runStop();
        endRun();
        if (status != DriverStatus.OK) {
            inbound.add(refused());
        } else if (board.packetKind() == DriverStatus.PACKET_RUN_DONE) {
            inbound.add(runDone());
        }
    }

    private void endRun() {
        run = null;
        spikes.clear();
    }

    private Frame runDone() {
        RunDone.Builder done = RunDone.newBuilder()
                .setSteps(board.packetStep())
                .setSpikesIn(board.packetSpikesIn())
                .setStopped((board.packetFlags() & DriverStatus.RUN_DONE_STOPPED) != 0);
        for (String line : board.runWarnings().split("\n")) {
            if (!line.isEmpty()) {
                done.addWarnings(line);
            }
        }
        return Frame.newBuilder().setRunDone(done).build();
    }

    /** The Error frame a TCP board would have sent for the refusal the driver last reported. */
    private Frame refused() {
        BoardRefusal r = board.lastRefusal();
        ErrorCode code = ErrorCode.forNumber(r.errorCode());
        Error.Builder e = Error.newBuilder()
                .setCode(code == null ? ErrorCode.INTERNAL : code)
                .setMessage(r.message())
                .setDetailCode(r.detailCode());
        if (r.hasStep()) {
            e.setStep(r.step());
        }
        return Frame.newBuilder().setError(e).build();
    }
}
