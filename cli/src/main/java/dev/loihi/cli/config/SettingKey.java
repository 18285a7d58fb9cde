package dev.loihi.cli.config;

import java.util.List;
import java.util.Locale;

/**
 * One setting: its HOCON path, its type and the values it accepts. The environment variable
 * that sets it is {@code LOIHI_} + the path in upper case with dots as underscores.
 *
 * @param min     smallest value of an INT key
 * @param max     largest value of an INT key
 * @param choices the values a CHOICE key accepts
 */
public record SettingKey(String path, Type type, long min, long max, List<String> choices, String description) {
    /** OPTIONAL: text that may be empty (a path, say); SECRET: the same, never printed. */
    public enum Type { INT, STRING, CHOICE, OPTIONAL, SECRET }

    public static final String ENV_PREFIX = "LOIHI_";

    public SettingKey {
        choices = List.copyOf(choices);
    }

    public static SettingKey integer(String path, long min, long max, String description) {
        return new SettingKey(path, Type.INT, min, max, List.of(), description);
    }

    public static SettingKey string(String path, String description) {
        return new SettingKey(path, Type.STRING, 0, 0, List.of(), description);
    }

    /** Text that may be empty, e.g. a file that is not always needed. */
    public static SettingKey optional(String path, String description) {
        return new SettingKey(path, Type.OPTIONAL, 0, 0, List.of(), description);
    }

    /** Text that may be empty and that {@code loihi config} never prints, e.g. an access token. */
    public static SettingKey secret(String path, String description) {
        return new SettingKey(path, Type.SECRET, 0, 0, List.of(), description);
    }

    public static SettingKey choice(String path, List<String> choices, String description) {
        return new SettingKey(path, Type.CHOICE, 0, 0, choices, description);
    }

    /** The values the key takes, as {@code loihi config} shows them: {@code 1..65535}, {@code split|fail|drop}. */
    public String allowed() {
        return switch (type) {
            case INT -> min + ".." + max;
            case CHOICE -> String.join("|", choices);
            case STRING -> "text";
            case OPTIONAL -> "text, empty for none";
            case SECRET -> "text, empty for none, never printed";
        };
    }

    /** {@code hardware.snip_max_spikes_per_step} -> {@code LOIHI_HARDWARE_SNIP_MAX_SPIKES_PER_STEP}. */
    public String envName() {
        return ENV_PREFIX + path.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** The first path element: {@code hardware}, {@code link}, {@code server}. */
    public String section() {
        int dot = path.indexOf('.');
        return dot < 0 ? path : path.substring(0, dot);
    }
}
