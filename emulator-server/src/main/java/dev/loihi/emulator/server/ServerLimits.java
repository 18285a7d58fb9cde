package dev.loihi.emulator.server;

import dev.loihi.common.LoihiException;
import dev.loihi.image.ImageReader;
import dev.loihi.snips.SnipErrors;

/**
 * What one server grants its clients, so that one client cannot take it down for the others.
 * The frame size and the whole-image size are the board's ({@link EmulatorBoardConfig}); these
 * bound the rest.
 *
 * @param maxConnections  connections served at once; one more is answered Error(BUSY) and closed
 * @param maxCoreBytes    largest CORE section of an uploaded image (its registers, synapse memory, routing)
 * @param idleTimeoutMs   a connection that sends nothing for this long is answered Error(TIMEOUT) and closed
 *                        (0: never); a run in progress counts as activity only while the host sends
 */
public record ServerLimits(int maxConnections, long maxCoreBytes, int idleTimeoutMs) {
    public static final int DEFAULT_MAX_CONNECTIONS = 16;
    /** A core's synapse memory is at most 16384 words of 8 bytes; the rest of a CORE section is far smaller. */
    public static final long DEFAULT_MAX_CORE_BYTES = 1L << 20;
    public static final int DEFAULT_IDLE_TIMEOUT_MS = 300_000;
    public static final int MAX_CONNECTIONS = 10_000;

    public ServerLimits {
        if (maxConnections < 1 || maxConnections > MAX_CONNECTIONS) {
            throw new LoihiException(SnipErrors.BAD_CONFIG, "server max connections out of range: maxConnections="
                    + maxConnections + ", min=1, max=" + MAX_CONNECTIONS);
        }
        if (maxCoreBytes < 1 || maxCoreBytes > ImageReader.MAX_FILE_BYTES) {
            throw new LoihiException(SnipErrors.BAD_CONFIG, "server max core bytes out of range: maxCoreBytes="
                    + maxCoreBytes + ", min=1, max=" + ImageReader.MAX_FILE_BYTES);
        }
        if (idleTimeoutMs < 0) {
            throw new LoihiException(SnipErrors.BAD_CONFIG, "server idle timeout below 0: idleTimeoutMs=" + idleTimeoutMs);
        }
    }

    public static ServerLimits defaults() {
        return new ServerLimits(DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CORE_BYTES, DEFAULT_IDLE_TIMEOUT_MS);
    }

    public ServerLimits withMaxConnections(int n) {
        return new ServerLimits(n, maxCoreBytes, idleTimeoutMs);
    }

    public ServerLimits withMaxCoreBytes(long bytes) {
        return new ServerLimits(maxConnections, bytes, idleTimeoutMs);
    }

    public ServerLimits withIdleTimeoutMs(int ms) {
        return new ServerLimits(maxConnections, maxCoreBytes, ms);
    }
}
