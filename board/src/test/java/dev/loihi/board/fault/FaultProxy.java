package dev.loihi.board.fault;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.loihi.proto.link.Frame;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay between a link and a board that breaks the stream on purpose, one frame at a
 * time: each frame in either direction is read whole (length prefix and body), shown to a
 * {@link FaultPlan}, and then forwarded, held back, doubled, cut in half, or the connection
 * is killed or stalled. Board-to-host traffic can be throttled to play a slow consumer; the
 * relay then reads from the board no faster than the rate, so the board's own back-pressure
 * is what keeps its output bounded. One connection at a time (a link opens one).
 */
public final class FaultProxy implements AutoCloseable {
    /** Which way a frame travels. */
    public enum Direction { HOST_TO_BOARD, BOARD_TO_HOST }

    /** What to do with one frame. */
    public enum Action {
        FORWARD,
        /** Send it twice. */
        DUPLICATE,
        /** Send it after the next frame of the same direction. */
        HOLD,
        /** Close both sockets before it is sent: a peer killed between frames. */
        KILL,
        /** Send its first half, then close both sockets: a peer killed mid-write. */
        CUT,
        /** Forward nothing more in either direction, keeping both sockets open. */
        STALL
    }

    /** Decides each frame's fate; called on the relay's threads, one per direction. */
    @FunctionalInterface
    public interface FaultPlan {
        Action decide(Direction direction, Frame frame);
    }

    private static final int RELAY_RECEIVE_BUFFER_BYTES = 64 * 1024;

    private final ServerSocket listener;
    private final int boardPort;
    private final FaultPlan plan;
    private final long boardToHostBytesPerSecond;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicLong boardToHostBytes = new AtomicLong();
    private volatile Socket host;
    private volatile Socket board;
    private volatile boolean stalled;

    /**
     * @param boardToHostBytesPerSecond throttle of the board's output, 0 for none
     */
    public FaultProxy(int boardPort, FaultPlan plan, long boardToHostBytesPerSecond) throws IOException {
        this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.boardPort = boardPort;
        this.plan = plan;
        this.boardToHostBytesPerSecond = boardToHostBytesPerSecond;
        Thread accept = new Thread(this::acceptOne, "fault-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    public static FaultProxy of(int boardPort, FaultPlan plan) throws IOException {
        return new FaultProxy(boardPort, plan, 0);
    }

    public int port() {
        return listener.getLocalPort();
    }

    public String target() {
        return "tcp://127.0.0.1:" + port();
    }

    /** Bytes forwarded from the board to the host so far. */
    public long boardToHostBytes() {
        return boardToHostBytes.get();
    }

    private void acceptOne() {
        try {
            Socket h = listener.accept();
            Socket b = new Socket();
            if (boardToHostBytesPerSecond > 0) {
                // A small window, so the board's unsent output waits in the board, not in this relay's kernel.
                b.setReceiveBufferSize(RELAY_RECEIVE_BUFFER_BYTES);
            }
            b.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), boardPort));
            h.setTcpNoDelay(true);
            b.setTcpNoDelay(true);
            host = h;
            board = b;
            start(h, b, Direction.HOST_TO_BOARD, 0);
            start(b, h, Direction.BOARD_TO_HOST, boardToHostBytesPerSecond);
        } catch (IOException e) {
            killBoth();
        }
    }

    private void start(Socket from, Socket to, Direction direction, long bytesPerSecond) {
        Thread t = new Thread(() -> relay(from, to, direction, bytesPerSecond), "fault-proxy-" + direction);
        t.setDaemon(true);
        t.start();
    }

    private void relay(Socket from, Socket to, Direction direction, long bytesPerSecond) {
        long start = System.nanoTime();
        long sent = 0;
        byte[] held = null;
        try (DataInputStream in = new DataInputStream(from.getInputStream())) {
            OutputStream out = to.getOutputStream();
            while (true) {
                byte[] frame = readFrame(in);
                if (stalled) {
                    closed.await();
                    return;
                }
                Action action = plan.decide(direction, parse(frame));
                switch (action) {
                    case FORWARD -> out.write(frame);
                    case DUPLICATE -> {
                        out.write(frame);
                        out.write(frame);
                    }
                    case HOLD -> {
                        held = frame;
                        continue;
                    }
                    case KILL -> {
                        killBoth();
                        return;
                    }
                    case CUT -> {
                        out.write(frame, 0, frame.length / 2);
                        out.flush();
                        killBoth();
                        return;
                    }
                    case STALL -> {
                        stalled = true;
                        closed.await();
                        return;
                    }
                }
                if (held != null) {
                    out.write(held);
                    held = null;
                }
                out.flush();
                sent += frame.length;
                if (direction == Direction.BOARD_TO_HOST) {
                    boardToHostBytes.addAndGet(frame.length);
                }
                pace(start, sent, bytesPerSecond);
            }
        } catch (EOFException e) {
            // The sender closed: pass the close on, as the peer would see it.
            closeQuietly(to);
        } catch (IOException e) {
            killBoth();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] readFrame(DataInputStream in) throws IOException {
        int length = in.readInt();
        byte[] frame = new byte[4 + length];
        ByteBuffer.wrap(frame).putInt(length);
        in.readFully(frame, 4, length);
        return frame;
    }

    private static Frame parse(byte[] frame) {
        try {
            return Frame.parseFrom(ByteBuffer.wrap(frame, 4, frame.length - 4));
        } catch (InvalidProtocolBufferException e) {
            return Frame.getDefaultInstance();
        }
    }

    private static void pace(long start, long sent, long bytesPerSecond) throws InterruptedException {
        if (bytesPerSecond <= 0) {
            return;
        }
        long dueNs = sent * 1_000_000_000L / bytesPerSecond;
        long aheadMs = (dueNs - (System.nanoTime() - start)) / 1_000_000L;
        if (aheadMs > 0) {
            Thread.sleep(aheadMs);
        }
    }

    private void killBoth() {
        closeQuietly(host);
        closeQuietly(board);
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed: the aim was a closed socket
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        killBoth();
        listener.close();
    }
}
