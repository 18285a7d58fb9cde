package dev.loihi.board.nativelink;

import dev.loihi.board.BoardErrors;
import dev.loihi.common.LoihiException;

/**
 * A {@code --target native:LIBRARY[?options]}: the driver library to load (a path, a name the
 * dynamic loader finds, or {@code builtin}) and the options string handed to its
 * {@code loihi_open} unchanged, e.g. {@code native:builtin?mailbox=/dev/shm/loihi&timeout_ms=2000}.
 */
public record NativeTarget(String library, String options) {
    public static final String SCHEME = "native:";

    public static boolean matches(String target) {
        return target != null && target.startsWith(SCHEME);
    }

    public static NativeTarget parse(String target) {
        if (!matches(target)) {
            throw new LoihiException(BoardErrors.NATIVE_BAD_TARGET, "not a native target: target=" + target
                    + ", expected=native:LIBRARY[?options]");
        }
        String rest = target.substring(SCHEME.length());
        int q = rest.indexOf('?');
        String library = q < 0 ? rest : rest.substring(0, q);
        String options = q < 0 ? "" : rest.substring(q + 1);
        if (library.isBlank()) {
            throw new LoihiException(BoardErrors.NATIVE_BAD_TARGET, "native target names no library: target=" + target
                    + ", expected=native:LIBRARY[?options]");
        }
        return new NativeTarget(library, options);
    }

    @Override
    public String toString() {
        return SCHEME + library + (options.isEmpty() ? "" : "?" + options);
    }
}
