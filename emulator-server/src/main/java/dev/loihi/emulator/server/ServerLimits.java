package dev.loihi.emulator.server;

import dev.loihi.common.LoihiException;
import dev.loihi.image.ImageReader;
import dev.loihi.snips.SnipErrors;

/**
 * What one server grants its clients, so that one client cannot take it down for the others.
 * The frame size and the whole-image size are the board's ({@link EmulatorBoardConfig}); these
 * bound the rest. Memory is granted as bytes arrive, never as a peer announces them.
 *
 * @param maxConnections        authenticated connections served at once; one more is answered Error(BUSY) and closed
 * @param maxCoreBytes          largest CORE section of an uploaded image (its registers, synapse memory, routing)
 * @param idleTimeoutMs         a connection that sends nothing for this long is answered Error(TIMEOUT) and closed
 *                              (0: never); a run in progress counts as activity only while the host sends
 * @param helloTimeoutMs        a connection that has not passed Hello this long after it opened is answered
 *                              Error(TIMEOUT) and closed
 * @param maxPendingConnections connections not yet past Hello; when one more opens, the oldest of them is closed,
 *                              so clients without the token can never keep out one that has it
 * @param maxUploadBufferBytes  image bytes all connections together may hold while uploading (whole server)
 * @param maxSessionBufferBytes per connection: unsent output, and separately input not yet run, beyond which the
 *                              board stops stepping (output) or stops reading (input); one frame always passes
 */
public record ServerLimits(int maxConnections, long maxCoreBytes, int idleTimeoutMs, int helloTimeoutMs,
                           int maxPendingConnections, long maxUploadBufferBytes, int maxSessionBufferBytes) {
    public static final int DEFAULT_MAX_CONNECTIONS = 16;
    /** A core's synapse memory is at most 16384 words of 8 bytes; the rest of a CORE section is far smaller. */
    public static final long DEFAULT_MAX_CORE_BYTES = 1L << 20;
    public static final int DEFAULT_IDLE_TIMEOUT_MS = 300_000;
    public static final int MAX_CONNECTIONS = 10_000;
    /** A Hello is a few hundred bytes: a host on a slow link still sends it well within this. */
    public static final int DEFAULT_HELLO_TIMEOUT_MS = 5_000;
    public static final int MAX_HELLO_TIMEOUT_MS = 600_000;
    public static final int DEFAULT_MAX_PENDING_CONNECTIONS = 64;
    /** Two full-size images uploading at once; far below the heap a 24 GiB machine gives a JVM by default (6 GiB). */
    public static final long DEFAULT_MAX_UPLOAD_BUFFER_BYTES = 1L << 30;
    /** The outbound high-water mark the server always had: a slow host's output stops here. */
    public static final int DEFAULT_MAX_SESSION_BUFFER_BYTES = 4 << 20;
    public static final int MIN_SESSION_BUFFER_BYTES = 64 * 1024;

    public ServerLimits {
        if (maxConnections < 1 || maxConnections > MAX_CONNECTIONS) {
            throw new LoihiException(SnipErrors.SNIP_BAD_CONFIG, "server max connections out of range: maxConnections="
                    + maxConnections + ", min=1, max=" + MAX_CONNECTIONS);
        }
        if (maxCoreBytes < 1 || maxCoreBytes > ImageReader.MAX_FILE_BYTES) {
            throw new LoihiException(SnipErrors.SNIP_BAD_CONFIG, "server max core bytes out of range: maxCoreBytes="
                    + maxCoreBytes + ", min=1, max=" + ImageReader.MAX_FILE_BYTES);
        }
        if (idleTimeoutMs < 0) {
            throw new LoihiException(SnipErrors.SNIP_BAD_CONFIG, "server idle timeout below 0: idleTimeoutMs=" + idleTimeoutMs);
        }
        if (helloTimeoutMs < 1 || helloTimeoutMs > MAX_HELLO_TIMEOUT_MS) {
            throw new LoihiException(SnipErrors.SNIP_BAD_CONFIG, "server hello timeout out of range: helloTimeoutMs="
                    + helloTimeoutMs + ", min=1, max=" + MAX_HELLO_TIMEOUT_MS);
        }
        if (maxPendingConnections < 1 || maxPendingConnections > MAX_CONNECTIONS) {
            throw new LoihiException(SnipErrors.SNIP_BAD_CONFIG, "server max pending connections out of range: "
                    + "maxPendingConnections=" + maxPendingConnections + ", min=1, max=" + MAX_CONNECTIONS);
        }
        if (maxUploadBufferBytes < 1 || maxUploadBufferBytes > ImageReader.MAX_FILE_BYTES * 64L) {
            throw new LoihiException(SnipErrors.SNIP_BAD_CONFIG, "server upload buffer out of range: maxUploadBufferBytes="
                    + maxUploadBufferBytes + ", min=1, max=" + ImageReader.MAX_FILE_BYTES * 64L);
        }
        if (maxSessionBufferBytes < MIN_SESSION_BUFFER_BYTES) {
            throw new LoihiException(SnipErrors.SNIP_BAD_CONFIG, "server session buffer out of range: maxSessionBufferBytes="
                    + maxSessionBufferBytes + ", min=" + MIN_SESSION_BUFFER_BYTES);
        }
    }

    /** The first three limits; the Hello deadline and the memory budgets at their defaults. */
    public ServerLimits(int maxConnections, long maxCoreBytes, int idleTimeoutMs) {
        this(maxConnections, maxCoreBytes, idleTimeoutMs, DEFAULT_HELLO_TIMEOUT_MS, DEFAULT_MAX_PENDING_CONNECTIONS,
                DEFAULT_MAX_UPLOAD_BUFFER_BYTES, DEFAULT_MAX_SESSION_BUFFER_BYTES);
    }

    public static ServerLimits defaults() {
        return new ServerLimits(DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CORE_BYTES, DEFAULT_IDLE_TIMEOUT_MS);
    }

    public ServerLimits withMaxConnections(int n) {
        return new ServerLimits(n, maxCoreBytes, idleTimeoutMs, helloTimeoutMs, maxPendingConnections,
                maxUploadBufferBytes, maxSessionBufferBytes);
    }

    public ServerLimits withMaxCoreBytes(long bytes) {
        return new ServerLimits(maxConnections, bytes, idleTimeoutMs, helloTimeoutMs, maxPendingConnections,
                maxUploadBufferBytes, maxSessionBufferBytes);
    }

    public ServerLimits withIdleTimeoutMs(int ms) {
        return new ServerLimits(maxConnections, maxCoreBytes, ms, helloTimeoutMs, maxPendingConnections,
                maxUploadBufferBytes, maxSessionBufferBytes);
    }

    public ServerLimits withHelloTimeoutMs(int ms) {
        return new ServerLimits(maxConnections, maxCoreBytes, idleTimeoutMs, ms, maxPendingConnections,
                maxUploadBufferBytes, maxSessionBufferBytes);
    }

    public ServerLimits withMaxPendingConnections(int n) {
        return new ServerLimits(maxConnections, maxCoreBytes, idleTimeoutMs, helloTimeoutMs, n,
                maxUploadBufferBytes, maxSessionBufferBytes);
    }

    public ServerLimits withMaxUploadBufferBytes(long bytes) {
        return new ServerLimits(maxConnections, maxCoreBytes, idleTimeoutMs, helloTimeoutMs, maxPendingConnections,
                bytes, maxSessionBufferBytes);
    }

    public ServerLimits withMaxSessionBufferBytes(int bytes) {
        return new ServerLimits(maxConnections, maxCoreBytes, idleTimeoutMs, helloTimeoutMs, maxPendingConnections,
                maxUploadBufferBytes, bytes);
    }
}
