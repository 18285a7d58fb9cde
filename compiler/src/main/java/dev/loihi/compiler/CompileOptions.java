package dev.loihi.compiler;

import dev.loihi.common.LoihiException;
import dev.loihi.image.ImageLayout;

/**
 * Settings of one compilation, checked once when built.
 *
 * @param chips chips the image may use (128 cores each); 1 by default, as on Kapoho Bay
 */
public record CompileOptions(int chips) {
    /** A setting is out of range. */
    public static final String INVALID = "OPTIONS_INVALID";
    public static final int DEFAULT_CHIPS = 1;

    public CompileOptions {
        if (chips < 1 || chips > ImageLayout.MAX_CHIPS) {
            throw new LoihiException(INVALID, "compile option out of range: key=chips, value=" + chips + ", min=1, max="
                    + ImageLayout.MAX_CHIPS);
        }
    }

    public static CompileOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private int chips = DEFAULT_CHIPS;

        private Builder() {}

        public Builder chips(int chips) {
            this.chips = chips;
            return this;
        }

        public CompileOptions build() {
            return new CompileOptions(chips);
        }
    }
}
