package dev.loihi.snips;

import java.util.Locale;
import java.util.Optional;

/**
 * What a snip channel does with a step whose spikes for one chip exceed the cap
 * ({@code snip_max_spikes_per_step}). LOIHI.md: the cap is real channel memory, but dropping
 * is never the default.
 */
public enum OverflowPolicy {
    /** Send the step in several packets; the chip waits for all of them. No spike is lost. */
    SPLIT,
    /** Stop the run with SNIP_OVERFLOW naming the step, the count and the cap. */
    FAIL,
    /** Send the first cap spikes and drop the rest, counting every dropped spike. Only when set explicitly. */
    DROP;

    /** The name as written in settings: {@code split}, {@code fail}, {@code drop}. */
    public String settingName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<OverflowPolicy> parse(String text) {
        for (OverflowPolicy p : values()) {
            if (p.settingName().equals(text)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
