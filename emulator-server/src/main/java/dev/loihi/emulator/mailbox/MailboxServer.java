package dev.loihi.emulator.mailbox;

import dev.loihi.emulator.server.ServerErrors;
import dev.loihi.image.ChipLimits;
import dev.loihi.emulator.server.EmulatorBoardConfig;
import dev.loihi.emulator.server.UploadBudget;
import dev.loihi.common.LoihiException;
import dev.loihi.common.MessageText;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The emulator served through a shared-memory mailbox, beside TCP: a host's native driver
 * ({@code board/src/main/c}) maps the same sealed memory, received by descriptor from the socket
 * at the mailbox path ({@link MailboxSocket}), and exchanges ring messages with this server's
 * thread, which runs them through an {@link dev.loihi.emulator.server.EmulatorSession}. One
 * host at a time holds the board; a host that closes, exits or stalls is let go and the next
 * one may claim it. docs/NATIVE_DRIVER.md describes layout, protocol and failure detection.
 */
public final class MailboxServer implements AutoCloseable {
    /** A board that beats more often than this only adds cache traffic; hosts time out after seconds. */
    private static final long BEAT_INTERVAL_NS = 1_000_000L;
    private static final long JOIN_TIMEOUT_MS = 10_000;

    private final MailboxServerConfig config;
    private final MailboxClaim claim;
    private final MailboxFile file;
    private final Thread thread;
    private final Thread shutdownHook;
    private final Consumer<LoihiException> onDeath;
    private final UploadBudget uploads;
    private final LinkedBlockingQueue<SessionEnd> ends = new LinkedBlockingQueue<>();
    private final List<SessionEnd> history = new ArrayList<>();
    private volatile boolean stopping;
    private long lastBeatNs;

    private MailboxServer(MailboxServerConfig config, MailboxClaim claim, MailboxFile file, UploadBudget uploads,
                          Consumer<LoihiException> onDeath) {
        this.config = config;
        this.uploads = uploads;
        this.claim = claim;
        this.file = file;
        this.onDeath = onDeath;
        this.thread = new Thread(this::serveOrDie, "loihi-mailbox " + file.path().getFileName());
        this.thread.setDaemon(true);
        // SIGTERM runs shutdown hooks: the mailbox file must not outlive the board, marked as serving.
        this.shutdownHook = new Thread(this::close, "loihi-mailbox-shutdown");
    }

    /** As {@link #start(MailboxServerConfig, Consumer)}, printing a dying mailbox thread's one line to stderr. */
    public static MailboxServer start(MailboxServerConfig config) {
        return start(config, e -> System.err.println("error: [" + e.code() + "] " + e.getMessage()));
    }

    /**
     * Takes the mailbox path (MAILBOX_BUSY when another board serves it, MAILBOX_NOT_A_MAILBOX
     * when something else is there), creates the mailbox (replacing a stale one) and starts
     * serving it. Should the serving thread fail, the mailbox is shut down and removed and
     * {@code onDeath} gets the failure as one MAILBOX_FAILED exception: the caller takes its
     * server down rather than serve TCP without the mailbox.
     */
    public static MailboxServer start(MailboxServerConfig config, Consumer<LoihiException> onDeath) {
        return start(config, UploadBudget.unbounded(), onDeath);
    }

    /**
     * As {@link #start(MailboxServerConfig, Consumer)}, with uploads drawing on {@code uploads}:
     * a TCP server's budget ({@link dev.loihi.emulator.server.EmulatorServer#uploadBudget()}) when
     * the mailbox is served beside it, so both together hold no more than that budget.
     */
    public static MailboxServer start(MailboxServerConfig config, UploadBudget uploads, Consumer<LoihiException> onDeath) {
        MailboxClaim claim = MailboxClaim.take(config.mailbox());
        EmulatorBoardConfig board = config.board();
        int capabilities = MailboxDescriptor.CAP_PRECOMPUTE | MailboxDescriptor.CAP_INTERACTIVE
                | MailboxDescriptor.CAP_PROBE_VOLTAGE | MailboxDescriptor.CAP_PROBE_SPIKE_BITS;
        MailboxFile file;
        try {
            file = MailboxFile.create(config.mailbox(), config.slotBytes(), config.slotCount(),
                    EmulatorBoardConfig.BOARD_NAME, board.chips(), ChipLimits.CORES_PER_CHIP, board.maxImageBytes(),
                    capabilities);
        } catch (RuntimeException e) {
            claim.close();
            throw e;
        }
        MailboxServer server = new MailboxServer(config, claim, file, uploads, onDeath);
        Runtime.getRuntime().addShutdownHook(server.shutdownHook);
        server.thread.start();
        return server;
    }

    public Path mailbox() {
        return file.path();
    }

    /** The sealed memory hosts map (tests in this package map it as a host would). */
    SealedMemory memory() {
        return file.memory();
    }

    public MailboxServerConfig config() {
        return config;
    }

    /** The options a reference driver needs for this board: {@code mailbox=PATH} ('%' and '&' escaped). */
    public String driverOptions() {
        return "mailbox=" + file.path().toString().replace("%", "%25").replace("&", "%26");
    }

    /** The next session that ended since the last call, waiting up to {@code timeoutMs}; null if none did. */
    public SessionEnd awaitSessionEnd(long timeoutMs) throws InterruptedException {
        return ends.poll(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** Every session that has ended, oldest first. */
    public synchronized List<SessionEnd> sessionHistory() {
        return List.copyOf(history);
    }

    /** Tells any host the board is gone, stops serving and deletes the mailbox file. */
    @Override
    public void close() {
        if (stopping) {
            return;
        }
        file.shutDown();
        stopping = true;
        thread.interrupt();
        try {
            thread.join(JOIN_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        file.close();
        claim.close();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // this close may be the hook itself
        }
    }

    /** The serving loop; any failure (running out of memory, say) ends the board with one line. */
    private void serveOrDie() {
        try {
            serve();
        } catch (RuntimeException | Error e) {
            if (stopping) {
                return;
            }
            LoihiException failure = new LoihiException(ServerErrors.MAILBOX_FAILED, "mailbox thread failed: mailbox="
                    + file.path() + ", reason=" + MessageText.printable(MessageText.oneLine(String.valueOf(e))), e);
            new Thread(() -> {
                close();
                onDeath.accept(failure);
            }, "loihi-mailbox-failed").start();
        }
    }

    private void serve() {
        BackoffIdle idle = new BackoffIdle(config.spinMicros() * 1000L);
        while (!stopping) {
            long now = System.nanoTime();
            beat(now);
            int owner = file.sessionOwner();
            if (owner == 0) {
                idle.idle(now);
                continue;
            }
            idle.reset();
            SessionEnd end = serveSession(owner, idle);
            file.freeSession(owner, file.hostToBoard(), file.boardToHost());
            synchronized (this) {
                history.add(end);
            }
            ends.add(end);
        }
    }

    private SessionEnd serveSession(int owner, BackoffIdle idle) {
        MailboxSession session = new MailboxSession(file, config, uploads, owner, this::beat, System.nanoTime());
        try {
            while (true) {
                long now = System.nanoTime();
                beat(now);
                if (stopping) {
                    return session.end(SessionEnd.Reason.SHUTDOWN, "board shut down: mailbox=" + file.path());
                }
                if (session.poll()) {
                    idle.reset();
                    if (session.end() != null) {
                        return session.end();
                    }
                    continue;
                }
                SessionEnd.Reason reason = session.checkHost(now);
                if (reason != null) {
                    return session.end(reason, "host let go: pid=" + owner + ", reason=" + reason + ", silentMs="
                            + session.hostSilentMs(now) + ", hostTimeoutMs=" + config.hostTimeoutMs());
                }
                idle.idle(now);
            }
        } catch (SessionEndedException e) {
            return session.end(e.reason(), e.getMessage());
        } finally {
            SessionEnd end = session.end();
            if (end != null && (end.reason() == SessionEnd.Reason.CLOSED || end.reason() == SessionEnd.Reason.PROTOCOL)) {
                session.awaitHostRead(config.hostTimeoutMs(), this::beat);
            }
        }
    }

    /** The heartbeat hosts watch: it moves while this loop runs, whether or not a host is attached. */
    private void beat(long nowNs) {
        if (nowNs - lastBeatNs >= BEAT_INTERVAL_NS) {
            lastBeatNs = nowNs;
            file.beat();
        }
    }
}
