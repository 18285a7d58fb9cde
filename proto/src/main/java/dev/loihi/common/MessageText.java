package dev.loihi.common;

/** Text from outside (file contents, library messages) made fit for a one-line error. */
public final class MessageText {
    private MessageText() {}

    /** {@code s} with control characters written as {@code \xNN}: names and headers from a file stay on one line. */
    public static String printable(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(Character.isISOControl(c) ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }

    /** {@code s} with line breaks turned into spaces; null becomes the empty string. */
    public static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
    }
}
