package dev.loihi.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.loihi.emulator.Emulator;
import dev.loihi.image.Image;
import dev.loihi.image.ImageLayout;
import dev.loihi.image.ImageReader;
import java.util.zip.CRC32;

/**
 * Register images whose section checksums are repaired before reading: a random mutation
 * almost always breaks a CRC32, so without this the fuzzer never gets past the framing into
 * the core, port and synapse decoders and the validator.
 */
class ImageSectionsFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] bytes) {
        decode(bytes);
    }

    static void decode(byte[] bytes) {
        byte[] image = bytes.clone();
        repairChecksums(image);
        Rejection.check(() -> {
            Image decoded = ImageReader.read(image, "fuzz.img");
            Emulator.load(decoded);
        });
    }

    /** Walks the sections as docs/IMAGE_FORMAT.md frames them and rewrites each CRC it can reach. */
    static void repairChecksums(byte[] b) {
        int at = ImageLayout.FILE_HEADER_BYTES;
        while (at + ImageLayout.SECTION_HEADER_BYTES <= b.length) {
            long length = u32(b, at + 2);
            int payload = at + ImageLayout.SECTION_HEADER_BYTES;
            if (length > b.length - payload - ImageLayout.SECTION_CRC_BYTES) {
                return;
            }
            CRC32 crc = new CRC32();
            crc.update(b, payload, (int) length);
            int crcAt = payload + (int) length;
            long value = crc.getValue();
            for (int i = 0; i < 4; i++) {
                b[crcAt + i] = (byte) (value >>> (24 - 8 * i));
            }
            at = crcAt + ImageLayout.SECTION_CRC_BYTES;
        }
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) << 24 | (b[at + 1] & 0xFFL) << 16 | (b[at + 2] & 0xFFL) << 8 | (b[at + 3] & 0xFFL);
    }
}
