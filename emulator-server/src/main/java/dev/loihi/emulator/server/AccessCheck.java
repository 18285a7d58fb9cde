package dev.loihi.emulator.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Compares the token of a Hello with the server's in constant time: both are hashed first, so
 * neither the position of the first wrong byte nor the token's length shows in the timing.
 */
final class AccessCheck {
    /** The only answer to a missing or wrong token: it says nothing about which, nor about the server. */
    static final String REFUSAL = "access refused";

    private final byte[] expected;

    AccessCheck(String token) {
        this.expected = token.isEmpty() ? null : sha256(token);
    }

    /** An open server (no token) admits everyone. */
    boolean admits(String presented) {
        return expected == null || MessageDigest.isEqual(expected, sha256(presented));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
