package dev.loihi.cli.config;

/**
 * Stable codes of the {@link dev.loihi.common.LoihiException}s settings loading throws. Every
 * message names the key and where its value came from (file and line, environment variable,
 * or --set).
 */
public final class SettingsErrors {
    private SettingsErrors() {}

    /** A key no setting has: a typo, or a setting of another version. */
    public static final String UNKNOWN_KEY = "CONFIG_UNKNOWN_KEY";
    /** A value of the wrong type, out of its range, or not one of its choices. */
    public static final String BAD_VALUE = "CONFIG_BAD_VALUE";
    /** A config file that is not valid HOCON. */
    public static final String SYNTAX = "CONFIG_SYNTAX";
    /** A config file named by --config (or LOIHI_USER_CONFIG) that does not exist or cannot be read. */
    public static final String FILE = "CONFIG_FILE";
    /** A --set argument that is not key=value with a valid key path. */
    public static final String BAD_SET = "CONFIG_BAD_SET";
}
