package dev.loihi.emulator.server;

import io.netty.channel.Channel;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Who the server serves: connections not yet past Hello (pending, oldest first) and connections
 * whose Hello was accepted (authenticated). The two are counted apart, so clients without the
 * token cannot keep out one that has it: authenticated connections are bounded by
 * {@code maxConnections}, pending ones by {@code maxPendingConnections}, and when one more
 * opens than that allows, the oldest pending connection makes room. Thread-safe: connections
 * open and close on several event loops.
 */
final class Admission {
    private final int maxConnections;
    private final int maxPending;
    private final Set<Channel> pending = new LinkedHashSet<>();
    private final Set<Channel> authenticated = new HashSet<>();

    Admission(ServerLimits limits) {
        this.maxConnections = limits.maxConnections();
        this.maxPending = limits.maxPendingConnections();
    }

    /** What a new connection gets: refused (authenticated connections are at the maximum), or admitted, possibly evicting one. */
    record Opening(boolean admitted, Channel evicted) {}

    synchronized Opening open(Channel ch) {
        if (authenticated.size() >= maxConnections) {
            return new Opening(false, null);
        }
        pending.add(ch);
        Channel evicted = null;
        if (pending.size() > maxPending) {
            Iterator<Channel> oldest = pending.iterator();
            evicted = oldest.next();
            oldest.remove();
        }
        return new Opening(true, evicted);
    }

    /** The Hello of {@code ch} checked out: false when the connection was evicted or the authenticated ones are at the maximum. */
    synchronized boolean authenticate(Channel ch) {
        if (!pending.remove(ch) || authenticated.size() >= maxConnections) {
            return false;
        }
        authenticated.add(ch);
        return true;
    }

    synchronized boolean isPending(Channel ch) {
        return pending.contains(ch);
    }

    synchronized void closed(Channel ch) {
        if (!pending.remove(ch)) {
            authenticated.remove(ch);
        }
    }

    synchronized int authenticated() {
        return authenticated.size();
    }

    synchronized int pending() {
        return pending.size();
    }
}
