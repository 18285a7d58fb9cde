package dev.loihi.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** Byte-level checks of the layout in docs/IMAGE_FORMAT.md, computed by hand from the document. */
class ImageLayoutGoldenTest {
    private static final SynapseFormat SPARSE_EXCITATORY = new SynapseFormat(8, SignMode.EXCITATORY, 0, false);
    private static final SynapseFormat DENSE_MIXED = new SynapseFormat(8, SignMode.MIXED, -3, true);
    private static final SynapseFormat SPARSE_INHIBITORY_4BIT = new SynapseFormat(4, SignMode.INHIBITORY, 7, false);

    /** Two compartments on chip 0 core 5; three axons, one per format; compartment 1 routes to axon 2. */
    static Image tinyImage() {
        CoreImage core = new CoreImage(0, 5, "L", 8, 3, 7,
                List.of(new CompartmentProfile(4095, 0, 1), new CompartmentProfile(1, 2, 63)),
                new int[] {100}, List.of(SPARSE_EXCITATORY, DENSE_MIXED, SPARSE_INHIBITORY_4BIT),
                new int[] {0, 1, 0, 0, 0, 0, 0, 0}, new int[8], new int[] {-4095, 4095, 0, 0, 0, 0, 0, 0},
                new int[] {7, 0, 0, 0, 0, 0, 0, 0},
                List.of(new InputAxon(0, new int[] {1, 3}, new int[] {5, 200}),
                        new InputAxon(1, new int[] {4, 5, 6}, new int[] {-2, 254, -256}),
                        new InputAxon(2, new int[] {7}, new int[] {-240})),
                new int[] {0, 0, 1, 1, 1, 1, 1, 1, 1}, new int[] {0}, new int[] {2});
        InputPort in = new InputPort("in", 1, new int[] {0, 1}, new int[] {0}, new int[] {0});
        OutputPort out = new OutputPort("out", OutputPort.Kind.VOLTAGE, new int[] {0}, new int[] {7});
        return new Image(1, List.of(core), List.of(in), List.of(out), "{}");
    }

    @Test
    void shouldStartWithMagicVersionAndNetworkSection() {
        byte[] bytes = ImageWriter.write(tinyImage());
        byte[] expected = HexFormat.of().parseHex(
                "4c4f4948" + "49494d47" // "LOIHIIMG"
                        + "00000002"       // format version 2
                        + "0001" + "0000000e" // NETWORK, 14 payload bytes
                        + "0001" + "00000001" + "00000001" + "00000001"); // chips, cores, inputs, outputs
        assertArrayEquals(expected, Arrays.copyOf(bytes, expected.length));
        CRC32 crc = new CRC32();
        crc.update(expected, 18, 14);
        assertEquals((int) crc.getValue(), ByteBuffer.wrap(bytes).getInt(expected.length));
    }

    @Test
    void shouldEndWithAnEmptyEndSection() {
        byte[] bytes = ImageWriter.write(tinyImage());
        byte[] tail = Arrays.copyOfRange(bytes, bytes.length - 10, bytes.length);
        assertArrayEquals(HexFormat.of().parseHex("0006" + "00000000" + "00000000"), tail);
    }

    @Test
    void shouldPackRegisterWordsAsDocumented() {
        ByteBuffer core = corePayload(ImageWriter.write(tinyImage()));
        assertEquals(0, core.getShort()); // chip
        assertEquals(5, core.getShort()); // coreOnChip
        assertEquals(1, core.getShort()); // layer name bytes
        assertEquals('L', core.get());
        assertEquals(8, core.getShort()); // compartments
        assertEquals(3, core.get()); // vminExp
        assertEquals(7, core.get()); // vmaxExp
        assertEquals(2, core.get());
        assertEquals(4095 << 18 | 1, core.getInt()); // decayU | decayV | refract
        assertEquals(1 << 18 | 2 << 6 | 63, core.getInt());
        assertEquals(1, core.get());
        assertEquals(100, core.getInt());
        assertEquals(3, core.get());
        assertEquals(0b0_01_0000_1000, core.getShort()); // sparse, EXCITATORY, exp 0, 8 bits
        assertEquals(0b1_00_1101_1000, core.getShort()); // dense, MIXED, exp -3, 8 bits
        assertEquals(0b0_10_0111_0100, core.getShort()); // sparse, INHIBITORY, exp 7, 4 bits
        // cx profile 0, vth profile 0, bias -4095 (13-bit two's complement 0x1001), exp 7
        assertEquals(0x1001 << 3 | 7, core.getInt());
        assertEquals(1 << 19 | 4095 << 3, core.getInt());
        core.position(core.position() + 6 * 4);
        assertEquals(3, core.getShort()); // input axons
        assertEquals(0 << 26 | 2 << 15 | 0, core.getInt()); // format 0, 2 synapses, word 0
        assertEquals(1 << 26 | 3 << 15 | 1, core.getInt());
        assertEquals(2 << 26 | 1 << 15 | 2, core.getInt());
        assertEquals(0, core.getShort()); // weight lists
        assertEquals(3, core.getInt()); // synapse memory words
        // sparse run: header n-1 = 1, then (compartment 10 bits, weight 8 bits) per synapse
        assertEquals(word("0000000001" + "0000000001" + "00000101" + "0000000011" + "11001000"), core.getLong());
        // dense run: header = first compartment 4, weights as 8-bit two's complement of mant/2
        assertEquals(word("0000000100" + "11111111" + "01111111" + "10000000"), core.getLong());
        // sparse 4-bit inhibitory: magnitude 240 >> 4 = 15
        assertEquals(word("0000000000" + "0000000111" + "1111"), core.getLong());
        assertEquals(0, core.getShort()); // compartment 0 routes
        assertEquals(1, core.getShort()); // compartment 1 routes
        assertEquals(0 << 12 | 2, core.getInt()); // core 0, axon 2
        assertEquals(0, core.getShort()); // atom (none: a discrete axon)
        for (int c = 2; c < 8; c++) {
            assertEquals(0, core.getShort());
        }
        assertEquals(0, core.remaining());
    }

    /** A run's bits from the top of a 64-bit word, zero-padded. */
    private static long word(String bits) {
        return Long.parseUnsignedLong((bits + "0".repeat(64 - bits.length())), 2);
    }

    private static ByteBuffer corePayload(byte[] bytes) {
        ImageBytes.Section s = ImageBytes.first(bytes, ImageSection.CORE);
        return ByteBuffer.wrap(bytes, s.payloadOffset(), s.length()).slice();
    }
}
