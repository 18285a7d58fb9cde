package dev.loihi.emulator.mailbox;

import dev.loihi.emulator.server.EmulatorSession;
import dev.loihi.emulator.server.UploadBudget;
import dev.loihi.proto.link.ErrorCode;
import dev.loihi.snips.wire.ErrorFrames;
import java.util.function.LongConsumer;

/**
 * One host's session on the mailbox: the ring adapters around the same {@link EmulatorSession}
 * the TCP server runs per connection, so a run over the mailbox behaves exactly as over TCP.
 */
final class MailboxSession {
    private final HostMessageAdapter in;
    private final BoardMessageProxy out;
    private final EmulatorSession session;
    private final HostWatch watch;
    private final int hostPid;
    private final long sessionId;
    private boolean inputPending;
    private SessionEnd end;

    MailboxSession(MailboxFile file, MailboxServerConfig config, UploadBudget uploads, int hostPid, LongConsumer beat,
                   long nowNs) {
        this.hostPid = hostPid;
        this.sessionId = file.sessionId();
        this.watch = new HostWatch(file, hostPid, config.hostTimeoutMs(), nowNs);
        this.in = new HostMessageAdapter(file.buffer(), file.hostToBoard(), config.board().maxFrameBytes());
        this.out = new BoardMessageProxy(file.buffer(), file.boardToHost(), watch, beat, config.spinMicros() * 1000L);
        this.session = new EmulatorSession(config.board(), out, "mailbox host pid " + hostPid, uploads);
    }

    /** Handles what the host has sent; false when there was nothing to read. */
    boolean poll() {
        HostMessageAdapter.Taken taken = in.take(session::onFrame);
        switch (taken) {
            case NONE -> {
                if (inputPending) {
                    // The ring ran dry: let a precompute run send what it has batched, as after a socket read.
                    inputPending = false;
                    session.onInputDrained();
                }
                return false;
            }
            case FRAME -> {
                inputPending = true;
                if (out.closed()) {
                    end(SessionEnd.Reason.PROTOCOL, "board session closed the connection after an error");
                }
            }
            case CLOSE -> {
                out.closed(0);
                end(SessionEnd.Reason.CLOSED, "host closed the session");
            }
            case PROTOCOL_ERROR -> {
                out.send(ErrorFrames.error(ErrorCode.BAD_FRAME, in.problem()));
                end(SessionEnd.Reason.PROTOCOL, in.problem());
            }
        }
        return true;
    }

    /**
     * After the board ended the session with a last message (CLOSED, or an ERROR), waits until
     * the host has read it, so freeing the rings does not wipe the answer; a host that dies or
     * stalls meanwhile, or takes longer than {@code lingerMs}, is let go.
     */
    void awaitHostRead(long lingerMs, LongConsumer beat) {
        BackoffIdle idle = new BackoffIdle(0);
        long start = System.nanoTime();
        while (!out.drained()) {
            long now = System.nanoTime();
            beat.accept(now);
            if (now - start > lingerMs * 1_000_000L || watch.check(now) != null || Thread.currentThread().isInterrupted()) {
                return;
            }
            idle.idle(now);
        }
    }

    /** Why the host must be let go, or null while it lives. */
    SessionEnd.Reason checkHost(long nowNs) {
        return watch.check(nowNs);
    }

    long hostSilentMs(long nowNs) {
        return watch.silentMs(nowNs);
    }

    /** Non-null once the session is over. */
    SessionEnd end() {
        return end;
    }

    SessionEnd end(SessionEnd.Reason reason, String detail) {
        if (end == null) {
            session.onClosed();
            end = new SessionEnd(hostPid, sessionId, reason, detail);
        }
        return end;
    }
}
