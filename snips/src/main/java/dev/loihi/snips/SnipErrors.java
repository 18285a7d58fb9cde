package dev.loihi.snips;

/**
 * Stable codes of every {@link dev.loihi.common.LoihiException} the snip channels throw. Tests
 * and callers compare against these; message wording may change.
 */
public final class SnipErrors {
    private SnipErrors() {}

    /** Policy {@code fail}: a step holds more spikes for one chip than the cap. Names step, chip, count, cap. */
    public static final String OVERFLOW = "SNIP_OVERFLOW";
    /** A host spike names an input port or axon the image lacks. */
    public static final String BAD_INPUT = "SNIP_BAD_INPUT";
    /** A channel setting is out of range: a cap below 1 or above what the board or a frame holds. */
    public static final String BAD_CONFIG = "SNIP_BAD_CONFIG";
    /** An image routes a host input to a core or axon that does not exist. */
    public static final String BAD_ROUTE = "SNIP_BAD_ROUTE";
}
