package dev.loihi.emulator.server;

import com.google.protobuf.ByteString;
import dev.loihi.proto.link.Frame;
import dev.loihi.proto.link.ImageChunk;
import dev.loihi.proto.link.ProbeRequest;
import dev.loihi.proto.link.RunMode;
import dev.loihi.proto.link.RunSetup;
import dev.loihi.proto.link.SpikePackets;
import dev.loihi.snips.link.RelayImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * An attacker on loopback, written against docs/PROTOCOL.md alone: hand-encoded frames (a
 * 4-byte big-endian length, then a protobuf {@code Frame}) over a plain socket, with none of the
 * project's link code. Each attack is one method; {@link #main} runs one against a server in
 * another process so that its memory can be measured (docs/RELIABILITY.md).
 */
final class HostilePeer extends RawClient {
    /** A relay network as wide as a core: 1024 spike bits and 1024 voltages of output per step. */
    static final int RELAY_AXONS = 1024;
    private static final int READ_TIMEOUT_MS = 10_000;

    HostilePeer(int port) throws IOException {
        super(port, READ_TIMEOUT_MS);
    }

    /** Uploads the wide relay image in one chunk; the answer. */
    Frame uploadRelay() throws IOException {
        return upload(RelayImage.build(RELAY_AXONS, 1));
    }

    /** The first chunk of an upload that claims {@code claimedBytes} (unsigned) and carries {@code sentBytes}. */
    void claimUpload(long claimedBytes, int sentBytes) throws IOException {
        byte[] data = new byte[sentBytes];
        CRC32 crc = new CRC32();
        crc.update(data);
        send(Frame.newBuilder().setImageChunk(ImageChunk.newBuilder().setOffset(0).setData(ByteString.copyFrom(data))
                .setTotalBytes(claimedBytes).setTotalCrc32(0).setChunkCrc32((int) crc.getValue())).build());
    }

    /** RunSetup of {@code steps} precompute steps probing {@code ports} (repeats allowed: the attack sends them). */
    static Frame runSetup(long steps, List<Integer> ports) {
        RunSetup.Builder setup = RunSetup.newBuilder().setSteps(steps).setMode(RunMode.PRECOMPUTE).setMaxSpikesPerStep(50);
        for (int p : ports) {
            setup.addProbes(ProbeRequest.newBuilder().setPort(p).setSpikes(p == 0).setVoltage(p == 1));
        }
        return Frame.newBuilder().setRunSetup(setup).build();
    }

    /** One SpikePackets frame holding {@code steps} steps from {@code first}, each one empty packet of chip 0. */
    static Frame emptySteps(long first, int steps) {
        SpikePackets.Builder p = SpikePackets.newBuilder().setFirstStep(first);
        for (int s = 0; s < steps; s++) {
            p.addStepDelta(s).addChip(0).addPacketIndex(0).addPacketsInStep(1).addSpikes(0);
        }
        return Frame.newBuilder().setSpikes(p).build();
    }

    /**
     * The output flood: upload, a run of {@code steps} steps probing both ports of the relay, and
     * all its steps in one frame; then reads nothing. The board must stop stepping rather than buffer.
     */
    void flood(int steps) throws IOException {
        if (!hello("").hasHelloAck() || !uploadRelay().getImageAck().getComplete()) {
            throw new IOException("flood: the board did not take the image");
        }
        send(runSetup(steps, List.of(0, 1)));
        if (!receive().hasRunReady()) {
            throw new IOException("flood: no RunReady");
        }
        send(emptySteps(0, steps));
    }

    /** Bytes the peer can read now without waiting, read and dropped; -1 at end of stream. */
    long drain() throws IOException {
        InputStream s = socket.getInputStream();
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        socket.setSoTimeout(200);
        try {
            int n;
            while ((n = s.read(buf)) > 0) {
                total += n;
            }
            return n < 0 && total == 0 ? -1 : total;
        } catch (java.net.SocketTimeoutException e) {
            return total;
        } finally {
            socket.setSoTimeout(READ_TIMEOUT_MS);
        }
    }

    /** True when the server has closed the connection; false when it is only silent. */
    @Override
    boolean closedByPeer() throws IOException {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketException e) {
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        }
    }

    /** A well-behaved host: Hello, upload, a 20-step run read to its end; the Hello's answer time in ms. */
    static long goodRun(int port) throws IOException {
        try (HostilePeer good = new HostilePeer(port)) {
            long start = System.nanoTime();
            if (!good.hello("").hasHelloAck()) {
                throw new IOException("good client: no HelloAck");
            }
            long helloMs = (System.nanoTime() - start) / 1_000_000;
            if (!good.uploadRelay().getImageAck().getComplete()) {
                throw new IOException("good client: image not taken");
            }
            good.send(runSetup(20, List.of(0)));
            good.receive();
            good.send(emptySteps(0, 20));
            while (!good.receive().hasRunDone()) {
                // probe batches
            }
            return helloMs;
        }
    }

    /**
     * {@code HostilePeer PORT flood|claims|silent|good N}: runs one attack against a server on
     * 127.0.0.1:PORT with N connections, holds them for 20 s while a good client runs once a
     * second (its Hello answer times printed), then closes them.
     */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[2]);
        List<HostilePeer> peers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            HostilePeer p = new HostilePeer(port);
            peers.add(p);
            switch (args[1]) {
                case "flood" -> p.flood(40_000);
                case "claims" -> {
                    p.hello("");
                    p.claimUpload(512L << 20, 1024);
                }
                case "silent" -> { }
                default -> throw new IllegalArgumentException("attack: " + args[1]);
            }
        }
        System.out.println("attack under way: " + args[1] + " x" + n);
        long worst = 0;
        for (int i = 0; i < 20; i++) {
            worst = Math.max(worst, goodRun(port));
            Thread.sleep(1_000);
        }
        System.out.println("good client: 20 runs completed, slowest HelloAck " + worst + " ms");
        for (HostilePeer p : peers) {
            p.close();
        }
        System.out.println("attack over");
    }
}
