package dev.loihi.image;

import dev.loihi.common.LoihiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32;

/**
 * Writes an {@link Image} in the binary register image format of docs/IMAGE_FORMAT.md. The
 * image is validated first ({@link ImageValidator}), so a written file always loads. Output is
 * a pure function of the Image: the same Image always gives the same bytes.
 */
public final class ImageWriter {
    private ImageWriter() {}

    public static byte[] write(Image image) {
        ImageValidator.validate(image);
        PayloadWriter file = new PayloadWriter();
        file.bytes(ImageLayout.MAGIC);
        file.u32(Image.FORMAT_VERSION);
        section(file, ImageSection.NETWORK, network(image));
        for (CoreImage core : image.cores()) {
            section(file, ImageSection.CORE, CoreSectionEncoder.encode(core));
        }
        section(file, ImageSection.INPUTS, inputs(image));
        section(file, ImageSection.OUTPUTS, outputs(image));
        section(file, ImageSection.METADATA, image.metadata().getBytes(StandardCharsets.UTF_8));
        section(file, ImageSection.END, new byte[0]);
        return file.toBytes();
    }

    /**
     * Writes to a temporary file in the target's folder, then moves it over the target in one
     * step, so a reader never sees a half-written image.
     */
    public static void write(Image image, Path file) {
        byte[] bytes = write(image);
        Path target = file.toAbsolutePath();
        Path temp = null;
        try {
            temp = Files.createTempFile(target.getParent(), target.getFileName().toString() + ".", ".tmp");
            Files.write(temp, bytes);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new LoihiException(ImageErrors.IMAGE_IO, "cannot write image: file=" + file + ", reason=" + e, e);
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // the write error being reported is the useful one
        }
    }

    private static void section(PayloadWriter file, ImageSection type, byte[] payload) {
        CRC32 crc = new CRC32();
        crc.update(payload);
        file.u16(type.type());
        file.u32(payload.length);
        file.bytes(payload);
        file.u32((int) crc.getValue());
    }

    private static byte[] network(Image image) {
        PayloadWriter out = new PayloadWriter();
        out.u16(image.chips());
        out.u32(image.cores().size());
        out.u32(image.inputs().size());
        out.u32(image.outputs().size());
        return out.toBytes();
    }

    private static byte[] inputs(Image image) {
        PayloadWriter out = new PayloadWriter();
        for (InputPort port : image.inputs()) {
            out.name(port.name());
            out.u32(port.axons());
            for (int a = 0; a < port.axons(); a++) {
                int from = port.targetStart()[a];
                int to = port.targetStart()[a + 1];
                out.u32(to - from);
                for (int t = from; t < to; t++) {
                    out.u32(RegisterWords.addressWord(port.targetCore()[t], port.targetAxon()[t]));
                }
            }
        }
        return out.toBytes();
    }

    private static byte[] outputs(Image image) {
        PayloadWriter out = new PayloadWriter();
        for (OutputPort port : image.outputs()) {
            out.name(port.name());
            out.u8(ImageLayout.outputKindCode(port.kind()));
            out.u32(port.size());
            for (int i = 0; i < port.size(); i++) {
                out.u32(RegisterWords.addressWord(port.core()[i], port.compartment()[i]));
            }
        }
        return out.toBytes();
    }
}
