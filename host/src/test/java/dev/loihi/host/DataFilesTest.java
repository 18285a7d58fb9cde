package dev.loihi.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loihi.common.LoihiException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFilesTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadCsvLabels() throws Exception {
        Path csv = Files.writeString(dir.resolve("y.csv"), "0\n4\n2\n");
        assertArrayEquals(new int[] {0, 4, 2}, DataFiles.labels(csv, 3));
    }

    @Test
    void shouldRefuseCsvLabelThatIsNotAWholeNumber() throws Exception {
        Path csv = Files.writeString(dir.resolve("y.csv"), "0\n2.7\n");
        assertEquals("LABELS_VALUE", assertThrows(LoihiException.class, () -> DataFiles.labels(csv, 2)).code());
    }

    @Test
    void shouldRefuseLabelsOfAnotherLength() throws Exception {
        Path csv = Files.writeString(dir.resolve("y.csv"), "0\n1\n");
        assertEquals("LABELS_SHAPE", assertThrows(LoihiException.class, () -> DataFiles.labels(csv, 3)).code());
    }

    @Test
    void shouldRefuseLabelOutsideTheClasses() {
        Path file = dir.resolve("y.csv");
        assertEquals("LABELS_RANGE", assertThrows(LoihiException.class,
                () -> DataFiles.checkClasses(new int[] {0, 1, 2}, 2, file)).code());
        assertEquals("LABELS_RANGE", assertThrows(LoihiException.class,
                () -> DataFiles.checkClasses(new int[] {-1}, 2, file)).code());
    }

    @Test
    void shouldRefuseInputWithAHeaderButNoRows() throws Exception {
        Path csv = Files.writeString(dir.resolve("x.csv"), "f1,f2\n");
        assertEquals("INPUT_EMPTY", assertThrows(LoihiException.class, () -> DataFiles.matrix(csv)).code());
    }
}
