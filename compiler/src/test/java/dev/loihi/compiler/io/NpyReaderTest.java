package dev.loihi.compiler.io;

import dev.loihi.compiler.CompilerErrors;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpyReaderTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadAFileWrittenByNumpy() throws Exception {
        Path file = Path.of(NpyReaderTest.class.getResource("/keras3/inputs.npy").toURI());
        NpyArray array = NpyReader.read(file);
        assertEquals("<f4", array.dtype());
        assertArrayEquals(new int[] {20, 12}, array.shape());
        assertEquals(20, array.toMatrix().length);
        assertEquals(12, array.toMatrix()[0].length);
    }

    @ParameterizedTest(name = "format version {0}")
    @ValueSource(ints = {1, 2, 3})
    void shouldReadEveryFormatVersion(int major) {
        byte[] data = le(8, b -> b.putDouble(1.5).putDouble(-2.0).putDouble(0.25).putDouble(4.0).putDouble(5.0).putDouble(6.0));
        NpyArray array = NpyReader.decode(npy(major, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", data), "v.npy");
        assertArrayEquals(new double[][] {{1.5, -2.0, 0.25}, {4.0, 5.0, 6.0}}, array.toMatrix());
    }

    @Test
    void shouldReadFloat32() {
        byte[] data = le(4, b -> b.putFloat(0.1f).putFloat(-3f));
        NpyArray array = NpyReader.decode(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", data), "f.npy");
        assertArrayEquals(new double[] {0.1f, -3f}, array.toVector());
    }

    @Test
    void shouldReadInt32AndInt64Labels() {
        byte[] i4 = le(4, b -> b.putInt(3).putInt(-1).putInt(7));
        byte[] i8 = le(8, b -> b.putLong(3).putLong(-1).putLong(7));
        assertArrayEquals(new int[] {3, -1, 7}, NpyReader.decode(npy(1, header("<i4", "(3,)"), i4), "a").toIntVector());
        assertArrayEquals(new int[] {3, -1, 7}, NpyReader.decode(npy(1, header("<i8", "(3,)"), i8), "b").toIntVector());
    }

    @Test
    void shouldReadUnsignedBytes() {
        NpyArray array = NpyReader.decode(npy(1, header("|u1", "(2, 2)"), new byte[] {0, 1, (byte) 200, (byte) 255}), "u");
        assertArrayEquals(new double[][] {{0, 1}, {200, 255}}, array.toMatrix());
    }

    @Test
    void shouldReadAOneDimensionalArrayAsAColumn() {
        byte[] data = le(8, b -> b.putDouble(1).putDouble(2));
        NpyArray array = NpyReader.decode(npy(1, header("<f8", "(2,)"), data), "c");
        assertEquals(1, array.rank());
        assertArrayEquals(new double[][] {{1}, {2}}, array.toMatrix());
    }

    @Test
    void shouldRejectTruncatedData() {
        byte[] data = le(8, b -> b.putDouble(1).putDouble(2));
        byte[] file = npy(1, header("<f8", "(3,)"), data);
        fails(file, "expectedBytes=24");
    }

    @Test
    void shouldRejectTrailingBytes() {
        byte[] data = le(8, b -> b.putDouble(1).putDouble(2).putDouble(3));
        fails(npy(1, header("<f8", "(2,)"), data), "actualBytes=24");
    }

    @Test
    void shouldRejectATruncatedHeader() {
        byte[] file = npy(1, header("<f8", "(2,)"), new byte[0]);
        fails(Arrays.copyOf(file, 30), "truncated header");
    }

    @Test
    void shouldRejectBadMagic() {
        byte[] file = npy(1, header("<f8", "(1,)"), le(8, b -> b.putDouble(1)));
        file[1] = 'X';
        fails(file, "bad magic");
    }

    @ParameterizedTest
    @ValueSource(strings = {">f8", "<c16", "<f2", "|b1", "<U5"})
    void shouldRejectUnsupportedDtypes(String dtype) {
        fails(npy(1, header(dtype, "(1,)"), new byte[16]), "unsupported dtype");
    }

    @Test
    void shouldRejectFortranOrder() {
        byte[] data = le(8, b -> b.putDouble(1).putDouble(2));
        fails(npy(1, "{'descr': '<f8', 'fortran_order': True, 'shape': (1, 2), }", data), "fortran_order=True");
    }

    @Test
    void shouldReadImagesAsOneRowEach() {
        byte[] data = new byte[2 * 2 * 3 * 1];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        NpyArray array = NpyReader.decode(npy(1, header("|u1", "(2, 2, 3, 1)"), data), "img");
        assertEquals(4, array.rank());
        assertEquals(6, array.cols());
        assertArrayEquals(new double[] {6, 7, 8, 9, 10, 11}, array.toMatrix()[1]);
    }

    @Test
    void shouldRejectSixDimensions() {
        fails(npy(1, header("|u1", "(1, 1, 1, 1, 1, 1)"), new byte[1]), "unsupported rank");
    }

    @Test
    void shouldRejectNonFiniteValues() {
        fails(npy(1, header("<f8", "(2,)"), le(8, b -> b.putDouble(1).putDouble(Double.NaN))), "index=1");
    }

    @Test
    void shouldRejectUnknownFormatVersion() {
        fails(npy(4, header("<f8", "(1,)"), new byte[8]), "major=4");
    }

    @Test
    void shouldNameAMissingFile() {
        LoihiException e = assertThrows(LoihiException.class, () -> NpyReader.read(dir.resolve("none.npy")));
        assertEquals(CompilerErrors.NPY_BAD_FILE, e.code());
        assertTrue(e.getMessage().contains("none.npy"));
    }

    @Test
    void shouldRejectLabelsThatAreNotIntegers() throws Exception {
        Path file = dir.resolve("labels.npy");
        NpyWriter.write(file, new double[] {1.0, 2.5});
        LoihiException e = assertThrows(LoihiException.class, () -> NpyReader.read(file).toIntVector());
        assertEquals(CompilerErrors.NPY_BAD_FILE, e.code());
    }

    private static void fails(byte[] file, String detail) {
        LoihiException e = assertThrows(LoihiException.class, () -> NpyReader.decode(file, "bad.npy"));
        assertEquals(CompilerErrors.NPY_BAD_FILE, e.code());
        assertTrue(e.getMessage().contains("bad.npy"), e.getMessage());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
    }

    static String header(String dtype, String shape) {
        return "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + shape + ", }";
    }

    /** A .npy file of the given format version, header padded to 64 bytes as numpy does. */
    static byte[] npy(int major, String dict, byte[] data) {
        int lengthBytes = major == 1 ? 2 : 4;
        int preamble = 8 + lengthBytes;
        StringBuilder text = new StringBuilder(dict);
        while ((preamble + text.length() + 1) % 64 != 0) {
            text.append(' ');
        }
        text.append('\n');
        byte[] header = text.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        ByteBuffer length = ByteBuffer.allocate(lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            length.putShort((short) header.length);
        } else {
            length.putInt(header.length);
        }
        out.writeBytes(length.array());
        out.writeBytes(header);
        out.writeBytes(data);
        return out.toByteArray();
    }

    interface Fill {
        ByteBuffer fill(ByteBuffer buffer);
    }

    static byte[] le(int itemSize, Fill fill) {
        ByteBuffer buffer = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
        fill.fill(buffer);
        return Arrays.copyOf(buffer.array(), buffer.position());
    }
}
