package dev.loihi.snips.link;

import dev.loihi.common.LoihiException;
import dev.loihi.snips.wire.ProtocolDescriptor;

/**
 * How a link talks to its board; the {@code link.*} settings.
 *
 * @param clientName      sent in Hello for the board's log
 * @param connectTimeoutMs how long a connect may take
 * @param ioTimeoutMs     how long the host waits for the board to answer or to read, before LINK_TIMEOUT
 * @param maxFrameBytes   the largest frame this host accepts (and sends, unless the board's max is lower)
 * @param imageChunkBytes image bytes per ImageChunk (capped by the frame size)
 */
public record LinkOptions(String clientName, int connectTimeoutMs, int ioTimeoutMs, int maxFrameBytes,
                          int imageChunkBytes) {
    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
    public static final int DEFAULT_IO_TIMEOUT_MS = 30_000;
    public static final int DEFAULT_IMAGE_CHUNK_BYTES = 256 * 1024;

    public LinkOptions {
        require("connectTimeoutMs", connectTimeoutMs, 1, Integer.MAX_VALUE);
        require("ioTimeoutMs", ioTimeoutMs, 1, Integer.MAX_VALUE);
        require("maxFrameBytes", maxFrameBytes, ProtocolDescriptor.MIN_MAX_FRAME_BYTES,
                ProtocolDescriptor.MAX_MAX_FRAME_BYTES);
        require("imageChunkBytes", imageChunkBytes, 1, Integer.MAX_VALUE);
    }

    public static LinkOptions defaults() {
        return new LinkOptions("loihi", DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_IO_TIMEOUT_MS,
                ProtocolDescriptor.DEFAULT_MAX_FRAME_BYTES, DEFAULT_IMAGE_CHUNK_BYTES);
    }

    public LinkOptions withIoTimeoutMs(int ms) {
        return new LinkOptions(clientName, connectTimeoutMs, ms, maxFrameBytes, imageChunkBytes);
    }

    public LinkOptions withConnectTimeoutMs(int ms) {
        return new LinkOptions(clientName, ms, ioTimeoutMs, maxFrameBytes, imageChunkBytes);
    }

    public LinkOptions withMaxFrameBytes(int bytes) {
        return new LinkOptions(clientName, connectTimeoutMs, ioTimeoutMs, bytes, imageChunkBytes);
    }

    public LinkOptions withImageChunkBytes(int bytes) {
        return new LinkOptions(clientName, connectTimeoutMs, ioTimeoutMs, maxFrameBytes, bytes);
    }

    private static void require(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new LoihiException(LinkErrors.BAD_OPTION, "link option out of range: " + key + "=" + value
                    + ", min=" + min + ", max=" + max);
        }
    }
}
