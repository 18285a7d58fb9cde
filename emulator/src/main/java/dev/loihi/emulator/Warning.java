package dev.loihi.emulator;

import java.util.Locale;
import java.util.Optional;

/**
 * A kind of wrap-around the chip's fixed-width registers went through (LOIHI.md, number
 * formats). Warnings are a set of kinds: RAW_FORMAT.md compares them by kind, not by text.
 */
public enum Warning {
    /** The synaptic accumulator q left 21 bits + sign. */
    Q("Overflow in q0"),
    /** The current u left 23 bits + sign. */
    U("Overflow in current"),
    /** u + bias left 23 bits + sign. */
    U_BIAS("Overflow in u2");

    private final String text;

    Warning(String text) {
        this.text = text;
    }

    /** The text written to traces; the independent emulator behind the fixtures uses the same words. */
    public String text() {
        return text;
    }

    /**
     * Recognises a warning text from any trace: this module's texts, the enum names, and
     * wordings that name the register ("q", "u2", "bias", "current").
     */
    public static Optional<Warning> parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (Warning w : values()) {
            if (t.equals(w.text.toLowerCase(Locale.ROOT)) || t.equals(w.name().toLowerCase(Locale.ROOT))) {
                return Optional.of(w);
            }
        }
        String subject = t.startsWith("overflow in ") ? t.substring("overflow in ".length()) : t;
        if (subject.contains("u2") || subject.contains("bias")) {
            return Optional.of(U_BIAS);
        }
        if (subject.startsWith("q") || subject.contains("synaptic") || subject.contains("input")) {
            return Optional.of(Q);
        }
        if (subject.startsWith("u") || subject.contains("current")) {
            return Optional.of(U);
        }
        return Optional.empty();
    }
}
