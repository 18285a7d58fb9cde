package dev.loihi.common;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Locates the shared third-party test files: system property {@code loihi.fixtures}
 * (default {@code ../shared/fixtures}). Tests skip when the folder is absent unless
 * {@code loihi.fixtures.required=true}, in which case its absence is a failure.
 */
public final class Fixtures {
    private Fixtures() {}

    public static Path root() {
        return Path.of(System.getProperty("loihi.fixtures", "../shared/fixtures")).toAbsolutePath().normalize();
    }

    public static boolean required() {
        return Boolean.getBoolean("loihi.fixtures.required");
    }

    /**
     * The fixture at {@code relative}, or empty when the fixtures folder is absent and not
     * required. Throws when required and missing, so CI cannot silently skip.
     */
    public static Optional<Path> find(String relative) {
        Path p = root().resolve(relative);
        if (Files.exists(p)) {
            return Optional.of(p);
        }
        if (required()) {
            throw new IllegalStateException("fixture missing: path=" + p + " (loihi.fixtures.required=true)");
        }
        return Optional.empty();
    }
}
