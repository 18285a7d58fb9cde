package dev.loihi.snips.link;

import dev.loihi.snips.SnipErrors;
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
 * @param accessToken     sent in Hello; a board bound beyond loopback refuses a connection without its token ("" = none)
 * @param tlsTrust        PEM file of the certificates trusted for a {@code tls://} board ("" = the JDK's default trust)
 */
public record LinkOptions(String clientName, int connectTimeoutMs, int ioTimeoutMs, int maxFrameBytes,
                          int imageChunkBytes, String accessToken, String tlsTrust) {
    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
    public static final int DEFAULT_IO_TIMEOUT_MS = 30_000;
    public static final int DEFAULT_IMAGE_CHUNK_BYTES = 256 * 1024;

    public LinkOptions {
        require("connectTimeoutMs", connectTimeoutMs, 1, Integer.MAX_VALUE);
        require("ioTimeoutMs", ioTimeoutMs, 1, Integer.MAX_VALUE);
        require("maxFrameBytes", maxFrameBytes, ProtocolDescriptor.MIN_MAX_FRAME_BYTES,
                ProtocolDescriptor.MAX_MAX_FRAME_BYTES);
        require("imageChunkBytes", imageChunkBytes, 1, Integer.MAX_VALUE);
        accessToken = accessToken == null ? "" : accessToken;
        tlsTrust = tlsTrust == null ? "" : tlsTrust;
    }

    /** No access token, the JDK's default TLS trust. */
    public LinkOptions(String clientName, int connectTimeoutMs, int ioTimeoutMs, int maxFrameBytes, int imageChunkBytes) {
        this(clientName, connectTimeoutMs, ioTimeoutMs, maxFrameBytes, imageChunkBytes, "", "");
    }

    public static LinkOptions defaults() {
        return new LinkOptions("loihi", DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_IO_TIMEOUT_MS,
                ProtocolDescriptor.DEFAULT_MAX_FRAME_BYTES, DEFAULT_IMAGE_CHUNK_BYTES);
    }

    public LinkOptions withIoTimeoutMs(int ms) {
        return new LinkOptions(clientName, connectTimeoutMs, ms, maxFrameBytes, imageChunkBytes, accessToken, tlsTrust);
    }

    public LinkOptions withConnectTimeoutMs(int ms) {
        return new LinkOptions(clientName, ms, ioTimeoutMs, maxFrameBytes, imageChunkBytes, accessToken, tlsTrust);
    }

    public LinkOptions withMaxFrameBytes(int bytes) {
        return new LinkOptions(clientName, connectTimeoutMs, ioTimeoutMs, bytes, imageChunkBytes, accessToken, tlsTrust);
    }

    public LinkOptions withImageChunkBytes(int bytes) {
        return new LinkOptions(clientName, connectTimeoutMs, ioTimeoutMs, maxFrameBytes, bytes, accessToken, tlsTrust);
    }

    public LinkOptions withAccessToken(String token) {
        return new LinkOptions(clientName, connectTimeoutMs, ioTimeoutMs, maxFrameBytes, imageChunkBytes, token, tlsTrust);
    }

    public LinkOptions withTlsTrust(String pemFile) {
        return new LinkOptions(clientName, connectTimeoutMs, ioTimeoutMs, maxFrameBytes, imageChunkBytes, accessToken, pemFile);
    }

    /** Never prints the token: options end up in logs and error messages. */
    @Override
    public String toString() {
        return "LinkOptions[clientName=" + clientName + ", connectTimeoutMs=" + connectTimeoutMs + ", ioTimeoutMs="
                + ioTimeoutMs + ", maxFrameBytes=" + maxFrameBytes + ", imageChunkBytes=" + imageChunkBytes
                + ", accessToken=" + (accessToken.isEmpty() ? "none" : "set") + ", tlsTrust=" + tlsTrust + "]";
    }

    private static void require(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new LoihiException(SnipErrors.LINK_BAD_OPTION, "link option out of range: " + key + "=" + value
                    + ", min=" + min + ", max=" + max);
        }
    }
}
