package dev.loihi.board.nativelink;

import dev.loihi.board.BoardErrors;
import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import dev.loihi.common.LoihiException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One loaded driver library that speaks {@code loihi_driver.h}. Loading checks the library's
 * ABI version before binding anything else, so a stale or foreign library fails with one line
 * naming the library and both versions. As with Netty's native transports, callers can ask
 * first: {@link #isAvailable(String)} and {@link #unavailabilityCause(String)}.
 */
public final class NativeDriver {
    /** Library name for the reference driver packed into the board jar. */
    public static final String BUILTIN = "builtin";
    static final String BUILTIN_RESOURCE = "/dev/loihi/board/nativelink/libloihi_driver.so";
    private static String builtinPath;

    private final String library;
    private final DriverApi api;

    private NativeDriver(String library, DriverApi api) {
        this.library = library;
        this.api = api;
    }

    /**
     * Loads {@code library}: a path to a shared library, a name the dynamic loader finds
     * (e.g. {@code loihi_driver}), or {@link #BUILTIN}. Throws NATIVE_LIBRARY_MISSING or
     * NATIVE_ABI_VERSION.
     */
    public static NativeDriver load(String library) {
        String path = resolve(library);
        NativeLibrary lib;
        try {
            lib = NativeLibrary.getInstance(path);
        } catch (UnsatisfiedLinkError e) {
            throw new LoihiException(BoardErrors.NATIVE_LIBRARY_MISSING, "native driver library cannot be loaded: library="
                    + library + ", reason=" + firstLine(e.getMessage()), e);
        }
        Function version;
        try {
            version = lib.getFunction("loihi_abi_version");
        } catch (UnsatisfiedLinkError e) {
            throw new LoihiException(BoardErrors.NATIVE_ABI_VERSION, "library is not a loihi driver, it lacks loihi_abi_version: "
                    + "library=" + library, e);
        }
        int abi = version.invokeInt(new Object[0]);
        if (abi != DriverStatus.ABI_VERSION) {
            throw new LoihiException(BoardErrors.NATIVE_ABI_VERSION, "native driver ABI version mismatch: library=" + library
                    + ", abi=" + Integer.toUnsignedString(abi) + ", expected=" + DriverStatus.ABI_VERSION);
        }
        DriverApi api = DirectDriverApi.bind(lib, path);
        if (api == null) {
            api = Native.load(path, DriverApi.class);
        }
        return new NativeDriver(library, api);
    }

    /** Whether {@link #load(String)} would succeed. */
    public static boolean isAvailable(String library) {
        return unavailabilityCause(library) == null;
    }

    /** Why {@code library} cannot be used, or null when it can. */
    public static LoihiException unavailabilityCause(String library) {
        try {
            load(library);
            return null;
        } catch (LoihiException e) {
            return e;
        }
    }

    public String library() {
        return library;
    }

    public int abiVersion() {
        return api.loihi_abi_version();
    }

    /** Opens the board named by the driver options (for the reference driver: {@code mailbox=PATH[&timeout_ms=N]}). */
    public NativeBoard open(String options) {
        Memory handle = new Memory(Native.POINTER_SIZE);
        handle.setPointer(0, Pointer.NULL);
        int status = api.loihi_open(options, handle);
        if (status != DriverStatus.OK) {
            throw DriverFailures.toException(status, lastError(), library, "loihi_open");
        }
        return new NativeBoard(this, api, handle.getPointer(0));
    }

    /** The calling thread's detail of the last failed call. */
    String lastError() {
        Pointer p = api.loihi_last_error();
        return p == null ? "" : p.getString(0);
    }

    private static String resolve(String library) {
        if (library == null || library.isBlank()) {
            throw new LoihiException(BoardErrors.NATIVE_LIBRARY_MISSING, "no native driver library named: library=" + library);
        }
        if (library.equals(BUILTIN)) {
            return extractBuiltin();
        }
        if (library.indexOf('/') >= 0) {
            Path p = Path.of(library).toAbsolutePath().normalize();
            if (!Files.isRegularFile(p)) {
                throw new LoihiException(BoardErrors.NATIVE_LIBRARY_MISSING, "native driver library not found: library=" + p);
            }
            return p.toString();
        }
        return library;
    }

    /** Extracted once per process, so every load of the built-in driver is the same library. */
    private static synchronized String extractBuiltin() {
        if (builtinPath != null) {
            return builtinPath;
        }
        try {
            File f = Native.extractFromResourcePath(BUILTIN_RESOURCE, NativeDriver.class.getClassLoader());
            builtinPath = f.getAbsolutePath();
            return builtinPath;
        } catch (IOException e) {
            throw new LoihiException(BoardErrors.NATIVE_LIBRARY_MISSING, "built-in native driver not packaged in this build: "
                    + "resource=" + BUILTIN_RESOURCE + ", reason=" + firstLine(e.getMessage()), e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
