package dev.loihi.emulator.server;

/** Stable codes of the {@link dev.loihi.common.LoihiException}s the emulator server throws. */
public final class ServerErrors {
    private ServerErrors() {}

    /** The server cannot listen on its address: in use, not local, or not permitted. */
    public static final String BIND = "SERVER_BIND";
    /** The server would listen beyond loopback without an access token. */
    public static final String NO_TOKEN = "SERVER_NO_TOKEN";
    /** The TLS key store, key or certificate cannot be read. */
    public static final String TLS = "SERVER_TLS";
}
