package dev.loihi.image;

import dev.loihi.common.MessageText;
import dev.loihi.common.LoihiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Reads an image file (docs/IMAGE_FORMAT.md) back into an {@link Image} and validates it
 * with {@link ImageValidator}. Every failure is a {@link LoihiException} with a code from
 * {@link ImageErrors} and a one-line message naming the file, section, core and offset.
 */
public final class ImageReader {
    /** Java arrays stop just short of 2 GiB; an image file larger than that is refused up front. */
    public static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    private final byte[] bytes;
    private final String source;
    private final Map<ImageSection, Integer> sectionOffsets = new EnumMap<>(ImageSection.class);
    private final List<Integer> coreSectionOffsets = new ArrayList<>();
    private int position;
    /** Format version of the file, known once its header is read. */
    private int version;

    private ImageReader(byte[] bytes, String source) {
        this.bytes = bytes;
        this.source = source;
    }

    public static Image read(Path file) {
        byte[] bytes;
        dev.loihi.common.InputFiles.requireRegular(file, ImageErrors.IMAGE_IO, "image");
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new LoihiException(ImageErrors.IMAGE_LIMIT, "image file too large: file=" + file
                        + ", bytes=" + size + ", max=" + MAX_FILE_BYTES);
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new LoihiException(ImageErrors.IMAGE_IO, "cannot read image: file=" + file + ", reason=" + e, e);
        }
        return read(bytes, file.toString());
    }

    /** {@code sourceName} names the bytes in error messages (usually the file path). */
    public static Image read(byte[] bytes, String sourceName) {
        try {
            return readValid(bytes, sourceName);
        } catch (LoihiException e) {
            // Layer and port names come from the file and may hold line breaks.
            String message = MessageText.printable(e.getMessage());
            throw message.equals(e.getMessage()) ? e : new LoihiException(e.code(), message, e);
        }
    }

    private static Image readValid(byte[] bytes, String sourceName) {
        ImageReader reader = new ImageReader(bytes, sourceName);
        Image image = reader.image();
        try {
            ImageValidator.validate(image);
        } catch (ImageViolation e) {
            throw new LoihiException(e.code(), e.getMessage() + ", file=" + sourceName + ", section=" + e.section()
                    + ", offset=" + reader.offsetOf(e.section(), e.coreIndex()), e);
        }
        return image;
    }

    /** File offset of the section header holding a value the validator rejected. */
    private int offsetOf(ImageSection section, int coreIndex) {
        return section == ImageSection.CORE ? coreSectionOffsets.get(coreIndex) : sectionOffsets.get(section);
    }

    private Image image() {
        header();
        PayloadReader network = section(ImageSection.NETWORK, -1);
        int chips = network.u16("chips");
        int coreCount = network.count32("cores", 0);
        int inputCount = network.count32("inputPorts", 0);
        int outputCount = network.count32("outputPorts", 0);
        network.requireEnd();

        // No list is sized from a count here: each core must still bring its own section.
        List<CoreImage> cores = new ArrayList<>();
        for (int i = 0; i < coreCount; i++) {
            PayloadReader core = section(ImageSection.CORE, i);
            cores.add(CoreSectionDecoder.decode(core, version));
        }
        List<InputPort> inputs = PortSectionDecoder.inputs(section(ImageSection.INPUTS, -1), inputCount);
        List<OutputPort> outputs = PortSectionDecoder.outputs(section(ImageSection.OUTPUTS, -1), outputCount);
        String metadata = section(ImageSection.METADATA, -1).rest("metadata");
        PayloadReader end = section(ImageSection.END, -1);
        end.requireEnd();
        if (position != bytes.length) {
            throw fail(ImageErrors.IMAGE_CORRUPT, "image has bytes after the END section", "trailing",
                    "extra=" + (bytes.length - position));
        }
        return new Image(chips, cores, inputs, outputs, metadata);
    }

    private void header() {
        int magicBytes = Math.min(bytes.length, ImageLayout.MAGIC.length);
        if (!Arrays.equals(bytes, 0, magicBytes, ImageLayout.MAGIC, 0, magicBytes)) {
            throw fail(ImageErrors.IMAGE_BAD_MAGIC, "not a loihi image", "magic", "expected=LOIHIIMG");
        }
        need(ImageLayout.FILE_HEADER_BYTES, "header");
        position = ImageLayout.MAGIC.length;
        long found = readU32();
        if (found < Image.OLDEST_READABLE_VERSION || found > Image.FORMAT_VERSION) {
            throw new LoihiException(ImageErrors.IMAGE_VERSION, "unsupported image format version: file=" + source
                    + ", offset=" + ImageLayout.MAGIC.length + ", version=" + found
                    + ", supported=" + Image.OLDEST_READABLE_VERSION + ".." + Image.FORMAT_VERSION);
        }
        version = (int) found;
    }

    /** Frames the next section, checks its CRC and that it is the one the format expects here. */
    private PayloadReader section(ImageSection expected, int coreIndex) {
        int headerOffset = position;
        if (expected == ImageSection.CORE) {
            coreSectionOffsets.add(headerOffset);
        } else {
            sectionOffsets.put(expected, headerOffset);
        }
        need(ImageLayout.SECTION_HEADER_BYTES, "sectionHeader of " + expected);
        int type = (bytes[position] & 0xFF) << 8 | (bytes[position + 1] & 0xFF);
        position += 2;
        long length = readU32();
        if (length + ImageLayout.SECTION_CRC_BYTES > bytes.length - position) {
            throw fail(ImageErrors.IMAGE_TRUNCATED, "image section runs past the end of the file",
                    "section " + expected + describeCore(coreIndex),
                    "length=" + length + ", available=" + (bytes.length - position));
        }
        int payloadStart = position;
        position += (int) length;
        long stored = readU32();
        CRC32 crc = new CRC32();
        crc.update(bytes, payloadStart, (int) length);
        if (crc.getValue() != stored) {
            throw new LoihiException(ImageErrors.IMAGE_CHECKSUM, "image section checksum mismatch: file=" + source
                    + ", section=" + expected + describeCore(coreIndex) + ", offset=" + headerOffset
                    + ", stored=0x" + Long.toHexString(stored) + ", computed=0x" + Long.toHexString(crc.getValue()));
        }
        ImageSection actual = ImageSection.ofType(type);
        if (actual != expected) {
            throw new LoihiException(ImageErrors.IMAGE_CORRUPT, (actual == null ? "image section type unknown"
                    : "image section out of order") + ": file=" + source + ", offset=" + headerOffset
                    + ", type=" + type + (actual == null ? "" : "(" + actual + ")") + ", expected=" + expected
                    + describeCore(coreIndex));
        }
        return new PayloadReader(bytes, payloadStart, (int) length, source, expected, coreIndex);
    }

    private static String describeCore(int coreIndex) {
        return coreIndex >= 0 ? ", core=" + coreIndex : "";
    }

    private long readU32() {
        long v = (bytes[position] & 0xFFL) << 24 | (bytes[position + 1] & 0xFFL) << 16
                | (bytes[position + 2] & 0xFFL) << 8 | (bytes[position + 3] & 0xFFL);
        position += 4;
        return v;
    }

    private void need(int n, String what) {
        if (n > bytes.length - position) {
            throw fail(ImageErrors.IMAGE_TRUNCATED, "image file ends early", what,
                    "needBytes=" + n + ", available=" + (bytes.length - position));
        }
    }

    private LoihiException fail(String code, String what, String field, String detail) {
        return new LoihiException(code, what + ": file=" + source + ", offset=" + position + ", at=" + field
                + ", " + detail);
    }
}
