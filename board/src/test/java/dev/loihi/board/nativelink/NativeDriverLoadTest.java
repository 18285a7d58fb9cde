package dev.loihi.board.nativelink;

import dev.loihi.board.BoardErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading a driver library: the availability check and the one-line errors when it cannot be used. */
class NativeDriverLoadTest {
    @TempDir
    Path dir;

    @Test
    void shouldLoadTheDriverTheBuildCompiled() {
        NativeDriver driver = NativeDriver.load(NativeTestSupport.driverPath());
        assertEquals(DriverStatus.ABI_VERSION, driver.abiVersion());
        assertTrue(NativeDriver.isAvailable(NativeTestSupport.driverPath()));
        assertNull(NativeDriver.unavailabilityCause(NativeTestSupport.driverPath()));
    }

    @Test
    void shouldLoadTheDriverPackedIntoTheJar() {
        NativeTestSupport.driverPath();
        assertEquals(DriverStatus.ABI_VERSION, NativeDriver.load(NativeDriver.BUILTIN).abiVersion());
    }

    @Test
    void shouldNameAMissingLibrary() {
        String missing = dir.resolve("libnothing.so").toString();
        LoihiException e = assertThrows(LoihiException.class, () -> NativeDriver.load(missing));
        assertEquals(BoardErrors.NATIVE_LIBRARY_MISSING, e.code());
        assertTrue(e.getMessage().contains(missing), e.getMessage());
        assertFalse(NativeDriver.isAvailable(missing));
        assertEquals(BoardErrors.NATIVE_LIBRARY_MISSING, NativeDriver.unavailabilityCause(missing).code());
    }

    @Test
    void shouldRefuseAFileThatIsNoLibrary() throws Exception {
        Path notElf = Files.writeString(dir.resolve("libtext.so"), "not a shared library");
        LoihiException e = assertThrows(LoihiException.class, () -> NativeDriver.load(notElf.toString()));
        assertEquals(BoardErrors.NATIVE_LIBRARY_MISSING, e.code());
        assertFalse(e.getMessage().contains("\n"), "the message must be one line: " + e.getMessage());
    }

    @Test
    void shouldRefuseALibraryOfAnotherAbiVersion() {
        String mismatch = NativeTestSupport.abiMismatchPath();
        LoihiException e = assertThrows(LoihiException.class, () -> NativeDriver.load(mismatch));
        assertEquals(BoardErrors.NATIVE_ABI_VERSION, e.code());
        assertTrue(e.getMessage().contains("abi=" + (DriverStatus.ABI_VERSION + 98)), e.getMessage());
        assertTrue(e.getMessage().contains("expected=" + DriverStatus.ABI_VERSION), e.getMessage());
    }

    @Test
    void shouldRefuseALibraryThatIsNoDriver() {
        LoihiException e = assertThrows(LoihiException.class, () -> NativeDriver.load("libm.so.6"));
        assertEquals(BoardErrors.NATIVE_ABI_VERSION, e.code());
    }
}
