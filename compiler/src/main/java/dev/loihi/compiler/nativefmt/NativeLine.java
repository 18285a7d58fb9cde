package dev.loihi.compiler.nativefmt;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.LoihiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One statement of a native network file: a keyword, positional arguments and
 * {@code key=value} options, with comments ({@code #} to the end of the line) removed.
 */
record NativeLine(String source, int number, String keyword, List<String> args, Map<String, String> options) {
    /** Splits one line; null for a blank or comment-only line. */
    static NativeLine parse(String source, int number, String text) {
        int hash = text.indexOf('#');
        String code = (hash >= 0 ? text.substring(0, hash) : text).strip();
        if (code.isEmpty()) {
            return null;
        }
        String[] tokens = code.split("\\s+");
        List<String> args = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < tokens.length; i++) {
            String token = tokens[i];
            int eq = token.indexOf('=');
            if (eq < 0) {
                if (!options.isEmpty()) {
                    throw syntax(source, number, "positional argument after an option: token=" + token);
                }
                args.add(token);
            } else if (eq == 0 || eq == token.length() - 1) {
                throw syntax(source, number, "option needs key=value: token=" + token);
            } else if (options.put(token.substring(0, eq), token.substring(eq + 1)) != null) {
                throw syntax(source, number, "option given twice: key=" + token.substring(0, eq));
            }
        }
        return new NativeLine(source, number, tokens[0], args, options);
    }

    void expectArgs(int count, String usage) {
        if (args.size() != count) {
            throw error(CompilerErrors.NATIVE_SYNTAX, "wrong number of arguments: keyword=" + keyword + ", got=" + args.size()
                    + ", usage='" + usage + "'");
        }
    }

    /** Rejects options other than {@code allowed}. */
    void allowOptions(List<String> allowed) {
        for (String key : options.keySet()) {
            if (!allowed.contains(key)) {
                throw error(CompilerErrors.NATIVE_SYNTAX, "unknown option: keyword=" + keyword + ", key=" + key
                        + ", allowed=" + allowed);
            }
        }
    }

    int positiveInt(String text, String what) {
        try {
            int v = Integer.parseInt(text);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(CompilerErrors.NATIVE_SYNTAX, what + " must be a positive integer: value=" + text);
    }

    /** A finite number not below {@code min}, or {@code fallback} when the option is absent. */
    double number(String key, double fallback, double min) {
        String text = options.get(key);
        if (text == null) {
            return fallback;
        }
        double v = parseOrNaN(text);
        if (!Double.isFinite(v) || v < min) {
            throw error(CompilerErrors.NATIVE_SYNTAX, "bad number: key=" + key + ", value=" + text + ", min=" + min);
        }
        return v;
    }

    static double parseOrNaN(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    LoihiException error(String code, String what) {
        return new LoihiException(code, "bad native network: file=" + source + ", line=" + number + ", " + what);
    }

    private static LoihiException syntax(String source, int number, String what) {
        return new LoihiException(CompilerErrors.NATIVE_SYNTAX, "bad native network: file=" + source + ", line=" + number + ", " + what);
    }
}
