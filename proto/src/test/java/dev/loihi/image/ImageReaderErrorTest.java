package dev.loihi.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ImageReaderErrorTest {
    private static final byte[] TINY = ImageWriter.write(ImageLayoutGoldenTest.tinyImage());
    private static final byte[] LARGER = ImageWriter.write(RandomImages.image(3));
    private static final Set<String> READER_CODES = Set.of(ImageErrors.IMAGE_TRUNCATED, ImageErrors.IMAGE_BAD_MAGIC,
            ImageErrors.IMAGE_VERSION, ImageErrors.IMAGE_CHECKSUM, ImageErrors.IMAGE_CORRUPT, ImageErrors.IMAGE_LIMIT, ImageErrors.IMAGE_RANGE);

    private static String code(byte[] bytes) {
        return assertThrows(LoihiException.class, () -> ImageReader.read(bytes, "test.img")).code();
    }

    static IntStream everyTinyLength() {
        return IntStream.range(0, TINY.length);
    }

    static IntStream sampledLargerLengths() {
        return IntStream.range(0, 64).map(i -> (int) ((long) i * LARGER.length / 64));
    }

    @ParameterizedTest
    @MethodSource("everyTinyLength")
    void shouldReportTruncationAtEveryLength(int length) {
        assertEquals(ImageErrors.IMAGE_TRUNCATED, code(Arrays.copyOf(TINY, length)));
    }

    @ParameterizedTest
    @MethodSource("sampledLargerLengths")
    void shouldReportTruncationOfALargerImage(int length) {
        assertEquals(ImageErrors.IMAGE_TRUNCATED, code(Arrays.copyOf(LARGER, length)));
    }

    static IntStream payloadByteOffsets() {
        return ImageBytes.sections(LARGER).stream()
                .flatMapToInt(s -> IntStream.of(s.payloadOffset(), s.payloadOffset() + s.length() / 2,
                        s.payloadOffset() + s.length() - 1))
                .filter(o -> o >= 0 && o < LARGER.length - 4)
                .filter(o -> ImageBytes.sections(LARGER).stream().anyMatch(s -> s.length() > 0
                        && o >= s.payloadOffset() && o < s.payloadOffset() + s.length()));
    }

    @ParameterizedTest
    @MethodSource("payloadByteOffsets")
    void shouldReportChecksumWhenAPayloadByteFlips(int offset) {
        byte[] bytes = LARGER.clone();
        bytes[offset] ^= 0x10;
        assertEquals(ImageErrors.IMAGE_CHECKSUM, code(bytes));
    }

    @Test
    void shouldReportChecksumWhenTheStoredCrcFlips() {
        byte[] bytes = TINY.clone();
        ImageBytes.Section network = ImageBytes.first(bytes, ImageSection.NETWORK);
        bytes[network.payloadOffset() + network.length()] ^= 1;
        assertEquals(ImageErrors.IMAGE_CHECKSUM, code(bytes));
    }

    @Test
    void shouldReportBadMagic() {
        byte[] bytes = TINY.clone();
        bytes[3] = 'X';
        assertEquals(ImageErrors.IMAGE_BAD_MAGIC, code(bytes));
    }

    @Test
    void shouldReportBadMagicForAShortFileThatIsNotAnImage() {
        assertEquals(ImageErrors.IMAGE_BAD_MAGIC, code("PK\u0003".getBytes()));
    }

    @Test
    void shouldReportAFutureVersion() {
        byte[] bytes = TINY.clone();
        ByteBuffer.wrap(bytes).putInt(ImageLayout.MAGIC.length, Image.FORMAT_VERSION + 1);
        assertEquals(ImageErrors.IMAGE_VERSION, code(bytes));
    }

    @Test
    void shouldReportVersionZero() {
        byte[] bytes = TINY.clone();
        ByteBuffer.wrap(bytes).putInt(ImageLayout.MAGIC.length, 0);
        assertEquals(ImageErrors.IMAGE_VERSION, code(bytes));
    }

    @Test
    void shouldReportTrailingBytesAfterEnd() {
        byte[] bytes = Arrays.copyOf(TINY, TINY.length + 3);
        assertEquals(ImageErrors.IMAGE_CORRUPT, code(bytes));
    }

    @Test
    void shouldReportAnUnknownSectionType() {
        byte[] bytes = TINY.clone();
        ByteBuffer.wrap(bytes).putShort(ImageBytes.first(bytes, ImageSection.INPUTS).headerOffset(), (short) 0x7777);
        assertEquals(ImageErrors.IMAGE_CORRUPT, code(bytes));
    }

    @Test
    void shouldReportSectionsOutOfOrder() {
        byte[] bytes = TINY.clone();
        ByteBuffer.wrap(bytes).putShort(ImageBytes.first(bytes, ImageSection.INPUTS).headerOffset(),
                (short) ImageSection.OUTPUTS.type());
        assertEquals(ImageErrors.IMAGE_CORRUPT, code(bytes));
    }

    @Test
    void shouldReportReservedBitsSetInARegisterWord() {
        byte[] bytes = TINY.clone();
        ImageBytes.Section core = ImageBytes.first(bytes, ImageSection.CORE);
        // first compartment profile word: chip, coreOnChip, name(2+1), compartments, vmin, vmax, count
        int profileWord = core.payloadOffset() + 2 + 2 + 3 + 2 + 1 + 1 + 1;
        bytes[profileWord] |= (byte) 0x80;
        ImageBytes.reseal(bytes, core);
        assertEquals(ImageErrors.IMAGE_CORRUPT, code(bytes));
    }

    @Test
    void shouldReportACountThatOverrunsItsSection() {
        byte[] bytes = TINY.clone();
        ImageBytes.Section core = ImageBytes.first(bytes, ImageSection.CORE);
        ByteBuffer.wrap(bytes).putShort(core.payloadOffset() + 7, (short) 1000); // compartments
        ImageBytes.reseal(bytes, core);
        assertEquals(ImageErrors.IMAGE_CORRUPT, code(bytes));
    }

    @Test
    void shouldReportAHugeInputAxonCountWithoutAllocatingIt() {
        ImageBytes.Section inputs = ImageBytes.first(TINY, ImageSection.INPUTS);
        ByteBuffer payload = ByteBuffer.allocate(2 + 2 + 4);
        payload.putShort((short) 2).put((byte) 'i').put((byte) 'n').putInt(0x7FFFFFFF);
        assertEquals(ImageErrors.IMAGE_CORRUPT, code(ImageBytes.replacePayload(TINY, inputs, payload.array())));
    }

    @Test
    void shouldReportMetadataThatIsNotUtf8() {
        ImageBytes.Section metadata = ImageBytes.first(TINY, ImageSection.METADATA);
        assertEquals(ImageErrors.IMAGE_CORRUPT, code(ImageBytes.replacePayload(TINY, metadata, new byte[] {'{', (byte) 0xC3})));
    }

    @Test
    void shouldReportAnOutOfRangeRegisterValueAsRange() {
        byte[] bytes = TINY.clone();
        ImageBytes.Section core = ImageBytes.first(bytes, ImageSection.CORE);
        bytes[core.payloadOffset() + 9] = 24; // vminExp, max 23
        ImageBytes.reseal(bytes, core);
        assertEquals(ImageErrors.IMAGE_RANGE, code(bytes));
    }

    @Test
    void shouldNameFileSectionCoreAndOffsetInTheMessage() {
        byte[] bytes = TINY.clone();
        ImageBytes.Section core = ImageBytes.first(bytes, ImageSection.CORE);
        bytes[core.payloadOffset() + 12] |= (byte) 0x80; // reserved bits of the first compartment profile
        ImageBytes.reseal(bytes, core);
        String message = assertThrows(LoihiException.class, () -> ImageReader.read(bytes, "net.img")).getMessage();
        assertTrue(message.contains("file=net.img") && message.contains("section=CORE") && message.contains("core=0")
                && message.contains("offset=") && !message.contains("\n"), message);
    }

    @Test
    void shouldNameTheSectionAndOffsetOfAValueTheValidatorRejects() {
        byte[] bytes = TINY.clone();
        ImageBytes.Section core = ImageBytes.first(bytes, ImageSection.CORE);
        bytes[core.payloadOffset() + 10] = 8; // vmaxExp, max 7
        ImageBytes.reseal(bytes, core);
        String message = assertThrows(LoihiException.class, () -> ImageReader.read(bytes, "net.img")).getMessage();
        assertTrue(message.contains("file=net.img") && message.contains("section=CORE") && message.contains("core=0")
                && message.contains("offset=" + core.headerOffset()), message);
    }

    @Test
    void shouldReportAMissingFileAsIo(@TempDir Path dir) {
        LoihiException e = assertThrows(LoihiException.class, () -> ImageReader.read(dir.resolve("absent.img")));
        assertEquals(ImageErrors.IMAGE_IO, e.code());
    }

    static LongStream garbageSeeds() {
        return LongStream.range(0, 30);
    }

    @ParameterizedTest
    @MethodSource("garbageSeeds")
    void shouldRejectRandomBytesAfterAValidHeaderWithACode(long seed) {
        Random random = new Random(seed);
        byte[] bytes = new byte[ImageLayout.FILE_HEADER_BYTES + random.nextInt(4000)];
        random.nextBytes(bytes);
        System.arraycopy(TINY, 0, bytes, 0, ImageLayout.FILE_HEADER_BYTES);
        assertTrue(READER_CODES.contains(code(bytes)));
    }

    /**
     * Mutates payload bytes and re-seals the CRC so the decoder itself meets the garbage: it
     * must either load a valid image or fail with a code, never with another exception.
     */
    @ParameterizedTest
    @MethodSource("garbageSeeds")
    void shouldDecodeResealedMutationsOrFailWithACode(long seed) {
        Random random = new Random(seed);
        byte[] original = seed % 2 == 0 ? TINY : LARGER;
        List<ImageBytes.Section> sections = ImageBytes.sections(original);
        for (int trial = 0; trial < 40; trial++) {
            byte[] bytes = original.clone();
            ImageBytes.Section s = sections.get(random.nextInt(sections.size()));
            if (s.length() == 0) {
                continue;
            }
            for (int m = 0; m < 1 + random.nextInt(3); m++) {
                bytes[s.payloadOffset() + random.nextInt(s.length())] = (byte) random.nextInt(256);
            }
            ImageBytes.reseal(bytes, s);
            try {
                ImageReader.read(bytes, "mutant.img");
            } catch (LoihiException e) {
                assertTrue(READER_CODES.contains(e.code()), e.code());
            }
        }
    }
}
