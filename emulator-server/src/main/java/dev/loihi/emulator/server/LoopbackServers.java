package dev.loihi.emulator.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Emulator servers on loopback, each on a free port and named by its {@code tcp://} target: a
 * pool of boards on one machine, for tests and measurements of several boards. Killing one
 * closes its connections, as a board that died would.
 */
public final class LoopbackServers implements AutoCloseable {
    private final Map<String, EmulatorServer> running = new LinkedHashMap<>();

    /** Starts one more server; its target. */
    public String start() {
        EmulatorServer s = EmulatorServer.start(ServerOptions.loopback(0));
        String target = "tcp://" + ServerOptions.LOOPBACK + ":" + s.port();
        running.put(target, s);
        return target;
    }

    /** Closes the server of {@code target}. */
    public void kill(String target) {
        EmulatorServer s = running.remove(target);
        if (s == null) {
            throw new IllegalArgumentException("no server runs at " + target);
        }
        s.close();
    }

    /** Closes every server. */
    public void killAll() {
        for (String target : List.copyOf(running.keySet())) {
            kill(target);
        }
    }

    @Override
    public void close() {
        killAll();
    }
}
