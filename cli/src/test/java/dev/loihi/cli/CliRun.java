package dev.loihi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * One {@code loihi} command line run in-process through {@link Main#execute}, with what it
 * printed on out and err. The assertions state the CLI's contract: success is exit 0; an
 * expected failure is exit 2 and exactly one {@code error: [CODE] ...} line on err.
 */
record CliRun(int exit, String out, String err) {
    static CliRun of(Object... args) {
        String[] text = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            text[i] = String.valueOf(args[i]);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit;
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            exit = Main.execute(text, o, e);
        }
        return new CliRun(exit, out.toString(), err.toString());
    }

    static CliRun of(List<?> args) {
        return of(args.toArray());
    }

    CliRun assertOk() {
        assertEquals(0, exit, () -> "exit code; out:\n" + out + "\nerr:\n" + err);
        return this;
    }

    /** Exit 2 and one line {@code error: [code] ...}: no stack trace, no second line. */
    CliRun assertUserError(String code) {
        assertEquals(Main.EXIT_USER_ERROR, exit, () -> "exit code; out:\n" + out + "\nerr:\n" + err);
        List<String> lines = err.lines().toList();
        assertEquals(1, lines.size(), () -> "err must be one line, was:\n" + err);
        assertTrue(lines.get(0).startsWith("error: [" + code + "] "), () -> "expected code " + code + ", was: " + err);
        return this;
    }
}
