package dev.loihi.emulator.server;

/** Stable codes of the {@link dev.loihi.common.LoihiException}s the emulator server throws. */
public final class ServerErrors {
    private ServerErrors() {}

    /** The server cannot listen on its address: in use, not local, or not permitted. */
    public static final String BIND = "SERVER_BIND";
}
