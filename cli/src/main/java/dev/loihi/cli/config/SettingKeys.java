package dev.loihi.cli.config;

import dev.loihi.image.ChipLimits;
import dev.loihi.image.ImageLayout;
import dev.loihi.image.ImageReader;
import dev.loihi.emulator.server.ServerLimits;
import dev.loihi.snips.OverflowPolicy;
import dev.loihi.snips.wire.ProtocolDescriptor;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting the tool reads, in the order {@code loihi config} prints them. Defaults live in
 * {@code reference.conf} beside this class; a key added here needs a default there (a test
 * checks both lists agree).
 */
public final class SettingKeys {
    private SettingKeys() {}

    /** Most workers a run may use: far more than any host has cores, and links are not free. */
    public static final int MAX_WORKERS = 256;

    public static final SettingKey SNIP_MAX_SPIKES_PER_STEP = SettingKey.integer("hardware.snip_max_spikes_per_step",
            1, 1_000_000, "most host spikes one snip channel packet (one chip, one step) holds");
    public static final SettingKey OVERFLOW = SettingKey.choice("hardware.overflow",
            Arrays.stream(OverflowPolicy.values()).map(OverflowPolicy::settingName).toList(),
            "a step over the cap: split into packets, fail the run, or drop (counted)");
    public static final SettingKey N_CHIPS = SettingKey.integer("hardware.n_chips", 1, ImageLayout.MAX_CHIPS,
            "chips the compiler may place cores on (" + ChipLimits.CORES_PER_CHIP + " cores each)");
    public static final SettingKey ALLOCATOR = SettingKey.choice("hardware.allocator", List.of("greedy"),
            "how cores are placed on chips");

    public static final SettingKey RUN_WORKERS = SettingKey.integer("run.workers", 0, MAX_WORKERS,
            "inputs presented at once, each by a worker with its own link; 0: one per processor on the"
                    + " in-process emulator, 1 on a board");

    public static final SettingKey LINK_HOST = SettingKey.string("link.host", "board host to connect to");
    public static final SettingKey LINK_PORT = SettingKey.integer("link.port", 1, 65_535, "board TCP port");
    public static final SettingKey LINK_CONNECT_TIMEOUT_MS = SettingKey.integer("link.connect_timeout_ms", 1, 3_600_000,
            "how long a connect may take");
    public static final SettingKey LINK_IO_TIMEOUT_MS = SettingKey.integer("link.io_timeout_ms", 1, 3_600_000,
            "how long the board may stay silent or stop reading before the run fails");
    public static final SettingKey LINK_MAX_FRAME_BYTES = SettingKey.integer("link.max_frame_bytes",
            ProtocolDescriptor.MIN_MAX_FRAME_BYTES, ProtocolDescriptor.MAX_MAX_FRAME_BYTES, "largest frame the host takes");
    public static final SettingKey LINK_IMAGE_CHUNK_BYTES = SettingKey.integer("link.image_chunk_bytes", 1024,
            ProtocolDescriptor.MAX_MAX_FRAME_BYTES, "image bytes per upload chunk");

    public static final SettingKey LINK_ACCESS_TOKEN = SettingKey.secret("link.access_token",
            "access token sent in Hello (a board beyond loopback requires its token)");
    public static final SettingKey LINK_TLS_TRUST = SettingKey.optional("link.tls_trust",
            "PEM certificates trusted for a tls:// board; empty: the JDK's default trust");

    public static final SettingKey SERVER_HOST = SettingKey.string("server.host",
            "address loihi serve listens on; beyond loopback it needs server.access_token");
    public static final SettingKey SERVER_PORT = SettingKey.integer("server.port", 0, 65_535,
            "port loihi serve listens on; 0 picks a free one");
    public static final SettingKey SERVER_MAX_FRAME_BYTES = SettingKey.integer("server.max_frame_bytes",
            ProtocolDescriptor.MIN_MAX_FRAME_BYTES, ProtocolDescriptor.MAX_MAX_FRAME_BYTES, "largest frame the server takes");
    public static final SettingKey SERVER_IO_THREADS = SettingKey.integer("server.io_threads", 1, 256,
            "event loop threads of the server");
    public static final SettingKey SERVER_MAX_UPLOAD_BYTES = SettingKey.integer("server.max_upload_bytes", 1,
            ImageReader.MAX_FILE_BYTES, "largest image one connection may upload");
    public static final SettingKey SERVER_MAX_CORE_BYTES = SettingKey.integer("server.max_core_bytes", 1,
            ImageReader.MAX_FILE_BYTES, "largest core (CORE section) of an uploaded image");
    public static final SettingKey SERVER_MAX_CONNECTIONS = SettingKey.integer("server.max_connections", 1,
            ServerLimits.MAX_CONNECTIONS, "connections served at once; more are refused with BUSY");
    public static final SettingKey SERVER_IDLE_TIMEOUT_MS = SettingKey.integer("server.idle_timeout_ms", 0, 86_400_000,
            "a connection silent this long is closed with TIMEOUT; 0: never");
    public static final SettingKey SERVER_HELLO_TIMEOUT_MS = SettingKey.integer("server.hello_timeout_ms", 1,
            ServerLimits.MAX_HELLO_TIMEOUT_MS, "a connection without an accepted Hello this long is closed with TIMEOUT");
    public static final SettingKey SERVER_MAX_PENDING_CONNECTIONS = SettingKey.integer("server.max_pending_connections", 1,
            ServerLimits.MAX_CONNECTIONS, "connections waiting for their Hello; one more closes the oldest");
    public static final SettingKey SERVER_MAX_UPLOAD_BUFFER_BYTES = SettingKey.integer("server.max_upload_buffer_bytes", 1,
            Integer.MAX_VALUE, "image bytes all uploads in progress may hold together");
    public static final SettingKey SERVER_MAX_SESSION_BUFFER_BYTES = SettingKey.integer("server.max_session_buffer_bytes",
            ServerLimits.MIN_SESSION_BUFFER_BYTES, Integer.MAX_VALUE,
            "per connection: unsent output before stepping waits, and unrun input before reading stops");
    public static final SettingKey SERVER_ACCESS_TOKEN = SettingKey.secret("server.access_token",
            "token every Hello must carry; required to listen beyond loopback");
    public static final SettingKey SERVER_TLS_CERT = SettingKey.optional("server.tls_cert",
            "TLS: PKCS12 key store (.p12) or PEM certificate chain; empty: plain TCP");
    public static final SettingKey SERVER_TLS_KEY = SettingKey.optional("server.tls_key",
            "TLS: PEM (PKCS8) private key beside a PEM chain; empty for PKCS12");
    public static final SettingKey SERVER_TLS_PASSWORD = SettingKey.secret("server.tls_password",
            "TLS: password of the PKCS12 store or of the PEM key");

    public static final List<SettingKey> ALL = List.of(SNIP_MAX_SPIKES_PER_STEP, OVERFLOW, N_CHIPS, ALLOCATOR,
            RUN_WORKERS, LINK_HOST, LINK_PORT, LINK_CONNECT_TIMEOUT_MS, LINK_IO_TIMEOUT_MS, LINK_MAX_FRAME_BYTES,
            LINK_IMAGE_CHUNK_BYTES, LINK_ACCESS_TOKEN, LINK_TLS_TRUST, SERVER_HOST, SERVER_PORT, SERVER_MAX_FRAME_BYTES,
            SERVER_IO_THREADS, SERVER_MAX_UPLOAD_BYTES, SERVER_MAX_CORE_BYTES, SERVER_MAX_CONNECTIONS,
            SERVER_IDLE_TIMEOUT_MS, SERVER_HELLO_TIMEOUT_MS, SERVER_MAX_PENDING_CONNECTIONS, SERVER_MAX_UPLOAD_BUFFER_BYTES,
            SERVER_MAX_SESSION_BUFFER_BYTES, SERVER_ACCESS_TOKEN, SERVER_TLS_CERT, SERVER_TLS_KEY, SERVER_TLS_PASSWORD);

    private static final Map<String, SettingKey> BY_PATH = new LinkedHashMap<>();

    static {
        for (SettingKey k : ALL) {
            BY_PATH.put(k.path(), k);
        }
    }

    public static Optional<SettingKey> byPath(String path) {
        return Optional.ofNullable(BY_PATH.get(path));
    }

    /** The known key closest to a mistyped one, if any is close (at most 3 edits). */
    static Optional<String> closest(String path) {
        return closest(path, BY_PATH.keySet());
    }

    /** The environment variable closest to a mistyped {@code LOIHI_*} one, if any is close. */
    static Optional<String> closestEnv(String name) {
        return closest(name, ALL.stream().map(SettingKey::envName).toList());
    }

    private static Optional<String> closest(String word, Collection<String> known) {
        String best = null;
        int bestDistance = 4;
        for (String candidate : known) {
            int d = distance(word, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
