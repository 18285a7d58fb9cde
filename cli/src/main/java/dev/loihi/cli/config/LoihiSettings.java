package dev.loihi.cli.config;

import dev.loihi.cli.CliErrors;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.loihi.common.LoihiException;
import dev.loihi.common.MessageText;
import dev.loihi.emulator.server.EmulatorBoardConfig;
import dev.loihi.emulator.server.ServerLimits;
import dev.loihi.emulator.server.ServerOptions;
import dev.loihi.emulator.server.ServerSecurity;
import java.nio.file.Path;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.OverflowPolicy;
import dev.loihi.snips.link.LinkOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The effective settings, validated once and immutable: typed values of every
 * {@link SettingKeys} key, each with the place its value came from. Built by
 * {@link SettingsLoader}; {@link #render()} is what {@code loihi config} prints.
 */
public final class LoihiSettings {
    /** A value and where it came from. */
    public record Entry(SettingKey key, Object value, String origin) {}

    private final Map<String, Entry> entries;
    private final List<String> layers;

    private LoihiSettings(Map<String, Entry> entries, List<String> layers) {
        this.entries = entries;
        this.layers = List.copyOf(layers);
    }

    public int maxSpikesPerStep() {
        return integer(SettingKeys.SNIP_MAX_SPIKES_PER_STEP);
    }

    public OverflowPolicy overflow() {
        return OverflowPolicy.parse(string(SettingKeys.OVERFLOW)).orElseThrow();
    }

    public int nChips() {
        return integer(SettingKeys.N_CHIPS);
    }

    public String allocator() {
        return string(SettingKeys.ALLOCATOR);
    }

    /** {@code run.workers}: 0 leaves the choice to the target. */
    public int workers() {
        return integer(SettingKeys.RUN_WORKERS);
    }

    public String linkHost() {
        return string(SettingKeys.LINK_HOST);
    }

    public int linkPort() {
        return integer(SettingKeys.LINK_PORT);
    }

    public int connectTimeoutMs() {
        return integer(SettingKeys.LINK_CONNECT_TIMEOUT_MS);
    }

    public int ioTimeoutMs() {
        return integer(SettingKeys.LINK_IO_TIMEOUT_MS);
    }

    /** {@code tcp://link.host:link.port}. */
    public String linkTarget() {
        return "tcp://" + linkHost() + ":" + linkPort();
    }

    /** The snip channel of a run: {@code hardware.snip_max_spikes_per_step} and {@code hardware.overflow}. */
    public ChannelConfig channelConfig() {
        return new ChannelConfig(maxSpikesPerStep(), overflow());
    }

    public LinkOptions linkOptions() {
        return new LinkOptions("loihi", connectTimeoutMs(), ioTimeoutMs(), integer(SettingKeys.LINK_MAX_FRAME_BYTES),
                integer(SettingKeys.LINK_IMAGE_CHUNK_BYTES), string(SettingKeys.LINK_ACCESS_TOKEN),
                string(SettingKeys.LINK_TLS_TRUST));
    }

    public ServerOptions serverOptions() {
        EmulatorBoardConfig frames = EmulatorBoardConfig.withFrameBytes(integer(SettingKeys.SERVER_MAX_FRAME_BYTES));
        EmulatorBoardConfig board = new EmulatorBoardConfig(frames.chips(), frames.maxFrameBytes(),
                integer(SettingKeys.SERVER_MAX_UPLOAD_BYTES), frames.maxSpikesPerStep());
        ServerLimits limits = new ServerLimits(integer(SettingKeys.SERVER_MAX_CONNECTIONS),
                integer(SettingKeys.SERVER_MAX_CORE_BYTES), integer(SettingKeys.SERVER_IDLE_TIMEOUT_MS),
                integer(SettingKeys.SERVER_HELLO_TIMEOUT_MS), integer(SettingKeys.SERVER_MAX_PENDING_CONNECTIONS),
                integer(SettingKeys.SERVER_MAX_UPLOAD_BUFFER_BYTES), integer(SettingKeys.SERVER_MAX_SESSION_BUFFER_BYTES));
        String cert = string(SettingKeys.SERVER_TLS_CERT);
        String key = string(SettingKeys.SERVER_TLS_KEY);
        ServerSecurity security = ServerSecurity.none().withAccessToken(string(SettingKeys.SERVER_ACCESS_TOKEN))
                .withTls(cert.isEmpty() ? null : Path.of(cert), key.isEmpty() ? null : Path.of(key),
                        string(SettingKeys.SERVER_TLS_PASSWORD));
        return new ServerOptions(string(SettingKeys.SERVER_HOST), integer(SettingKeys.SERVER_PORT), board,
                integer(SettingKeys.SERVER_IO_THREADS), limits, security);
    }

    public int integer(SettingKey key) {
        return (Integer) entry(key).value();
    }

    public String string(SettingKey key) {
        return (String) entry(key).value();
    }

    /** Where the value of {@code key} came from, e.g. {@code /home/u/loihi.conf:3}. */
    public String origin(SettingKey key) {
        return entry(key).origin();
    }

    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    /** The layers read, lowest first, e.g. {@code ./loihi.conf (absent)}. */
    public List<String> layers() {
        return layers;
    }

    /** One line per setting, {@code key = value  # origin}, after the layers that were read. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("# layers, lowest first:\n");
        for (String layer : layers) {
            sb.append("#   ").append(layer).append('\n');
        }
        int width = 0;
        for (Entry e : entries.values()) {
            width = Math.max(width, e.key().path().length() + 3 + shown(e).length());
        }
        for (Entry e : entries.values()) {
            sb.append("# ").append(e.key().description()).append("; values: ").append(e.key().allowed()).append('\n');
            String line = e.key().path() + " = " + shown(e);
            sb.append(line).append(" ".repeat(width - line.length())).append("  # ").append(e.origin()).append('\n');
        }
        return sb.toString();
    }

    private static String shown(Entry e) {
        if (e.key().type() == SettingKey.Type.SECRET) {
            return ((String) e.value()).isEmpty() ? "\"\"" : "(set, not shown)";
        }
        return e.value() instanceof String s ? ConfigUtil.quoteString(s) : String.valueOf(e.value());
    }

    private Entry entry(SettingKey key) {
        Entry e = entries.get(key.path());
        if (e == null) {
            throw new IllegalArgumentException("not a setting: " + key.path());
        }
        return e;
    }

    /**
     * The merged settings before validation. {@link #conclude()} checks every key once: unknown
     * keys, wrong types and values out of range fail with the key and its origin.
     */
    public static final class Context {
        private final Config config;
        private final List<String> layers;

        Context(Config config, List<String> layers) {
            this.config = config;
            this.layers = layers;
        }

        public LoihiSettings conclude() {
            for (Map.Entry<String, ConfigValue> e : config.entrySet()) {
                if (SettingKeys.byPath(e.getKey()).isEmpty()) {
                    throw new LoihiException(CliErrors.CONFIG_UNKNOWN_KEY, "unknown setting: key=" + e.getKey()
                            + ", " + describe(e.getValue().origin())
                            + SettingKeys.closest(e.getKey()).map(k -> ", didYouMean=" + k).orElse(""));
                }
            }
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (SettingKey key : SettingKeys.ALL) {
                ConfigValue v = valueAt(key.path());
                if (v == null || v.valueType() == ConfigValueType.NULL) {
                    throw new LoihiException(CliErrors.CONFIG_BAD_VALUE, "setting has no value: key=" + key.path()
                            + (v == null ? "" : ", " + describe(v.origin())));
                }
                entries.put(key.path(), new Entry(key, typed(key, v), describe(v.origin())));
            }
            return new LoihiSettings(entries, layers);
        }

        /** The value at a path, walking objects, so a null keeps its origin. */
        private ConfigValue valueAt(String path) {
            ConfigValue at = config.root();
            for (String part : ConfigUtil.splitPath(path)) {
                if (!(at instanceof ConfigObject o) || !o.containsKey(part)) {
                    return null;
                }
                at = o.get(part);
            }
            return at;
        }

        private static Object typed(SettingKey key, ConfigValue v) {
            Object raw = v.unwrapped();
            return switch (key.type()) {
                case INT -> {
                    long n = integerOf(key, v, raw);
                    if (n < key.min() || n > key.max()) {
                        throw bad(key, v, "setting out of range", "value=" + n + ", min=" + key.min() + ", max=" + key.max());
                    }
                    yield (int) n;
                }
                case STRING -> {
                    if (!(raw instanceof String s) || s.isBlank()) {
                        throw bad(key, v, "setting is not a text", "value=" + raw);
                    }
                    yield s;
                }
                case OPTIONAL, SECRET -> {
                    if (!(raw instanceof String s)) {
                        throw bad(key, v, "setting is not a text", key.type() == SettingKey.Type.SECRET ? "value=(not shown)"
                                : "value=" + raw);
                    }
                    yield s;
                }
                case CHOICE -> {
                    if (!(raw instanceof String s) || !key.choices().contains(s)) {
                        throw bad(key, v, "setting is not one of its choices", "value=" + raw
                                + ", choices=" + String.join("|", key.choices()));
                    }
                    yield s;
                }
            };
        }

        /** Whole numbers only: typesafe would read 50.5 (or "50.5") as 50, silently. */
        private static long integerOf(SettingKey key, ConfigValue v, Object raw) {
            if (raw instanceof Integer || raw instanceof Long) {
                return ((Number) raw).longValue();
            }
            if (raw instanceof String s) {
                try {
                    return Long.parseLong(s.trim());
                } catch (NumberFormatException e) {
                    throw bad(key, v, "setting is not a whole number", "value=" + s);
                }
            }
            throw bad(key, v, "setting is not a whole number", "value=" + raw);
        }

        private static LoihiException bad(SettingKey key, ConfigValue v, String what, String detail) {
            // a quoted value may hold line breaks (a CR-only file ends no line): the error stays one line
            return new LoihiException(CliErrors.CONFIG_BAD_VALUE, what + ": key=" + key.path() + ", "
                    + MessageText.printable(detail) + ", " + describe(v.origin()));
        }
    }

    /** {@code file=PATH, line=N}, the built-in defaults, or the environment variable or --set argument. */
    static String describe(ConfigOrigin origin) {
        // A resource read from a classes folder also has a filename; the resource name says it is ours.
        if (origin.resource() != null) {
            return "origin=built-in defaults (" + origin.resource() + ")"
                    + (origin.lineNumber() > 0 ? ", line=" + origin.lineNumber() : "");
        }
        if (origin.filename() != null) {
            return "file=" + origin.filename() + (origin.lineNumber() > 0 ? ", line=" + origin.lineNumber() : "");
        }
        return "origin=" + origin.description();
    }
}
