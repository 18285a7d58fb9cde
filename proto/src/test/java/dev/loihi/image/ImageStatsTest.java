package dev.loihi.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ImageStatsTest {
    @Test
    void shouldCountEachCoresUseByTheCostRule() {
        ImageStats.CoreStats stats = ImageStats.perCore(ImageLayoutGoldenTest.tinyImage()).get(0);
        // 10 + 2 x 18 = 46, 10 + 3 x 8 = 34 and 10 + 1 x 14 = 24 bits: one 64-bit word each
        assertEquals(new ImageStats.CoreStats(0, 0, 5, "L", 8, 3, 6, 192, 1), stats);
    }

    @Test
    void shouldChargeA65SynapseAxonTwoRuns() {
        int[] compartments = new int[65];
        for (int c = 0; c < 65; c++) {
            compartments[c] = c;
        }
        CoreBuilder b = new CoreBuilder(ImageLayoutGoldenTest.tinyImage().cores().get(0)).compartments(65);
        b.axons.clear();
        b.axons.add(new InputAxon(1, compartments, new int[65]));
        // dense 8-bit: 10 + 64 x 8 = 522 -> 576, then 10 + 8 = 18 -> 64
        assertEquals(640, ImageStats.synapseBits(b.build()));
    }
}
