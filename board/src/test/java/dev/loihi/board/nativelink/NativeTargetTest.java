package dev.loihi.board.nativelink;

import dev.loihi.board.BoardErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loihi.common.LoihiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NativeTargetTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "native:builtin?mailbox=/dev/shm/b|builtin|mailbox=/dev/shm/b",
            "native:/opt/lib/libx.so|/opt/lib/libx.so|''",
            "native:loihi_driver?mailbox=/m&timeout_ms=200|loihi_driver|mailbox=/m&timeout_ms=200"})
    void shouldSplitLibraryAndOptions(String text, String library, String options) {
        NativeTarget t = NativeTarget.parse(text);
        assertEquals(library, t.library());
        assertEquals(options, t.options());
        assertEquals(text, t.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"native:", "native:?mailbox=/m", "tcp://localhost:7010", "builtin"})
    void shouldRefuseATargetWithoutALibrary(String text) {
        LoihiException e = assertThrows(LoihiException.class, () -> NativeTarget.parse(text));
        assertEquals(BoardErrors.NATIVE_BAD_TARGET, e.code());
    }
}
