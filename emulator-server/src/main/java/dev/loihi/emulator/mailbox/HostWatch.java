package dev.loihi.emulator.mailbox;

/**
 * How the board decides that its host is gone or stalled: the host's process has exited (its
 * pid is no longer alive), or the heartbeat its driver moves every 20 ms has stood still for
 * the host timeout (the process is frozen, or its driver was unloaded without closing). Either
 * way the board frees the session instead of waiting for messages that will never come.
 */
final class HostWatch {
    /** Looking a pid up costs a /proc read; a few times a second notices an exit soon enough. */
    private static final long PID_CHECK_INTERVAL_NS = 20_000_000L;

    private final MailboxFile file;
    private final int hostPid;
    private final long timeoutNs;
    private long seenBeat;
    private long seenBeatNs;
    private long pidCheckedNs;

    HostWatch(MailboxFile file, int hostPid, int timeoutMs, long nowNs) {
        this.file = file;
        this.hostPid = hostPid;
        this.timeoutNs = timeoutMs * 1_000_000L;
        this.seenBeat = file.hostHeartbeat();
        this.seenBeatNs = nowNs;
        this.pidCheckedNs = nowNs;
    }

    /** Null while the host lives; else why the session must end. */
    SessionEnd.Reason check(long nowNs) {
        if (nowNs - pidCheckedNs >= PID_CHECK_INTERVAL_NS) {
            pidCheckedNs = nowNs;
            boolean alive = ProcessHandle.of(hostPid).map(ProcessHandle::isAlive).orElse(false);
            if (!alive) {
                return SessionEnd.Reason.HOST_GONE;
            }
        }
        long beat = file.hostHeartbeat();
        if (beat != seenBeat) {
            seenBeat = beat;
            seenBeatNs = nowNs;
        } else if (nowNs - seenBeatNs > timeoutNs) {
            return SessionEnd.Reason.HOST_STALLED;
        }
        return null;
    }

    long silentMs(long nowNs) {
        return (nowNs - seenBeatNs) / 1_000_000L;
    }
}
