package dev.loihi.snips;

import dev.loihi.common.LoihiException;

/**
 * The settings of the host-to-chip snip channel of a run: the most spikes one packet (one
 * chip, one step) holds, and what happens to a step that holds more.
 *
 * @param maxSpikesPerStep {@code hardware.snip_max_spikes_per_step}; at least 1
 * @param policy             {@code hardware.overflow}
 */
public record ChannelConfig(int maxSpikesPerStep, OverflowPolicy policy) {
    /** The cap of the best-known toolchain (LOIHI.md). */
    public static final int DEFAULT_MAX_SPIKES_PER_STEP = 50;

    public ChannelConfig {
        if (maxSpikesPerStep < 1) {
            throw new LoihiException(SnipErrors.SNIP_BAD_CONFIG, "snip channel cap below 1: maxSpikesPerStep="
                    + maxSpikesPerStep + ", min=1");
        }
        if (policy == null) {
            throw new LoihiException(SnipErrors.SNIP_BAD_CONFIG, "snip channel overflow policy missing: policy=null");
        }
    }

    /** The default channel: cap 50, policy split. */
    public static ChannelConfig defaults() {
        return new ChannelConfig(DEFAULT_MAX_SPIKES_PER_STEP, OverflowPolicy.SPLIT);
    }

    public static ChannelConfig split(int maxSpikesPerStep) {
        return new ChannelConfig(maxSpikesPerStep, OverflowPolicy.SPLIT);
    }
}
