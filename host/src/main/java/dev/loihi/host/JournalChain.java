package dev.loihi.host;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The checksum chain of a run journal's lines. A line is a JSON object whose last member is
 * {@code "chain"}: the hex SHA-256 of the previous line's digest, a newline, and the line's own
 * text without that member. A line's digest, on which the next line chains, is the SHA-256 of
 * the whole line. The first line chains on the empty string.
 *
 * <pre>
 *   {"input":3,"scores":[...],...,"chain":"9f2c...e1"}\n
 *   |&lt;------------- body (with its closing brace) -------&gt;|
 * </pre>
 *
 * The digest covers the exact bytes, not a re-serialization, so no JSON number formatting can
 * make a true line look altered.
 */
final class JournalChain {
    private static final String MEMBER = ",\"chain\":\"";
    private static final int HEX_DIGITS = 64;
    /** What follows the body's text, less its closing brace: the member, the digest, a quote and the brace. */
    private static final int SUFFIX = MEMBER.length() + HEX_DIGITS + 2;

    private JournalChain() {}

    /** The line (with its newline) for {@code body}, a JSON object with at least one member, after a line of digest {@code previous}. */
    static String line(String body, String previous) {
        return body.substring(0, body.length() - 1) + MEMBER + sha256(previous + "\n" + body) + "\"}\n";
    }

    /** The body of {@code line} (no newline) when its checksum matches it after a line of digest {@code previous}; null otherwise. */
    static String body(String line, String previous) {
        if (line.length() <= SUFFIX || !line.endsWith("\"}")) {
            return null;
        }
        int member = line.length() - SUFFIX;
        if (!line.startsWith(MEMBER, member)) {
            return null;
        }
        String body = line.substring(0, member) + "}";
        String digest = line.substring(member + MEMBER.length(), line.length() - 2);
        return digest.equals(sha256(previous + "\n" + body)) ? body : null;
    }

    /** The digest of {@code line} (with or without its newline), on which the next line chains. */
    static String digest(String line) {
        return sha256(line.endsWith("\n") ? line.substring(0, line.length() - 1) : line);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
