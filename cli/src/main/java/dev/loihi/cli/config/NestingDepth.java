package dev.loihi.cli.config;

/**
 * How deep objects and lists nest in HOCON text, found by a scan that knows strings and
 * comments, so that a file nested thousands of levels is refused before the recursive parser
 * runs out of stack. Settings nest two levels; anything near the bound is not a settings file.
 */
final class NestingDepth {
    static final int MAX_DEPTH = 64;

    private NestingDepth() {}

    /** The first line at which nesting passes {@code maxDepth}, or -1 when it never does. */
    static int lineBeyond(String text, int maxDepth) {
        int depth = 0;
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
            } else if (c == '#' || (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/')) {
                while (i + 1 < text.length() && text.charAt(i + 1) != '\n') {
                    i++;
                }
            } else if (c == '"') {
                if (text.startsWith("\"\"\"", i)) {
                    int end = text.indexOf("\"\"\"", i + 3);
                    int stop = end < 0 ? text.length() : end + 3;
                    line += (int) text.substring(i, stop).chars().filter(ch -> ch == '\n').count();
                    i = stop - 1;
                } else {
                    i++;
                    while (i < text.length() && text.charAt(i) != '"' && text.charAt(i) != '\n') {
                        i += text.charAt(i) == '\\' ? 2 : 1;
                    }
                    if (i < text.length() && text.charAt(i) == '\n') {
                        line++;
                    }
                }
            } else if (c == '{' || c == '[') {
                if (++depth > maxDepth) {
                    return line;
                }
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return -1;
    }
}
