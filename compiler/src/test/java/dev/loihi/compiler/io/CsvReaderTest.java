package dev.loihi.compiler.io;

import dev.loihi.compiler.CompilerErrors;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadAHeaderRowAndNumbers() throws Exception {
        CsvTable table = CsvReader.read(write("\"pt\",eta, phi\n1.5,-2,3e2\n\n4,5,6\n"));
        assertEquals(List.of("pt", "eta", "phi"), table.columns());
        assertArrayEquals(new double[][] {{1.5, -2, 300}, {4, 5, 6}}, table.rows());
    }

    @Test
    void shouldReadAFileWithoutHeader() throws Exception {
        CsvTable table = CsvReader.read(write("1,2\n3,4\n"));
        assertTrue(table.columns().isEmpty());
        assertEquals(2, table.width());
        assertArrayEquals(new double[][] {{1, 2}, {3, 4}}, table.rows());
    }

    @Test
    void shouldNameLineAndColumnOfACellThatIsNotANumber() throws Exception {
        LoihiException e = assertThrows(LoihiException.class, () -> CsvReader.read(write("a,b\n1,2\n3,x\n")));
        assertEquals(CompilerErrors.CSV_BAD_FILE, e.code());
        assertTrue(e.getMessage().contains("line=3") && e.getMessage().contains("column=2"), e.getMessage());
    }

    @Test
    void shouldRejectRaggedRows() throws Exception {
        LoihiException e = assertThrows(LoihiException.class, () -> CsvReader.read(write("1,2\n3\n")));
        assertEquals(CompilerErrors.CSV_BAD_FILE, e.code());
    }

    @Test
    void shouldRejectNonFiniteNumbers() throws Exception {
        LoihiException e = assertThrows(LoihiException.class, () -> CsvReader.read(write("1,2\n3,NaN\n")));
        assertEquals(CompilerErrors.CSV_BAD_FILE, e.code());
    }

    @Test
    void shouldRejectAnEmptyFile() throws Exception {
        LoihiException e = assertThrows(LoihiException.class, () -> CsvReader.read(write("\n\n")));
        assertEquals(CompilerErrors.CSV_BAD_FILE, e.code());
    }

    private Path write(String text) throws Exception {
        return Files.writeString(dir.resolve("data.csv"), text);
    }
}
