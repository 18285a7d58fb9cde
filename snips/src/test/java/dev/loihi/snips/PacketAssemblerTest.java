package dev.loihi.snips;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PacketAssemblerTest {
    private static final int[] WORDS = {1, 0, 2, 0, 3, 0, 4, 0};

    @Test
    void shouldNotStartStepUntilEveryPacketOfEveryChipArrived() {
        PacketAssembler a = new PacketAssembler(2, 2);
        assertEquals(PacketAssembler.INCOMPLETE, a.onPacket(0, 0, 0, 2, WORDS, 0, 2));
        assertEquals(PacketAssembler.INCOMPLETE, a.onPacket(0, 1, 0, 1, WORDS, 0, 0));
        assertEquals(PacketAssembler.STEP_READY, a.onPacket(0, 0, 1, 2, WORDS, 4, 2));
        assertEquals(4, a.spikes().spikes(0));
        assertArrayEquals(WORDS, Arrays.copyOf(a.spikes().words(0), 8));
        a.nextStep();
        assertEquals(1, a.step());
        assertEquals(0, a.spikes().spikes(0));
    }

    @Test
    void shouldRefusePacketOfLaterStep() {
        PacketAssembler a = new PacketAssembler(1, 4);
        assertEquals(PacketAssembler.OUT_OF_ORDER, a.onPacket(1, 0, 0, 1, WORDS, 0, 1));
    }

    @Test
    void shouldRefuseSkippedOrRepeatedPacket() {
        PacketAssembler a = new PacketAssembler(1, 4);
        assertEquals(PacketAssembler.OUT_OF_ORDER, a.onPacket(0, 0, 1, 3, WORDS, 0, 1));
        assertEquals(PacketAssembler.INCOMPLETE, a.onPacket(0, 0, 0, 3, WORDS, 0, 1));
        assertEquals(PacketAssembler.OUT_OF_ORDER, a.onPacket(0, 0, 0, 3, WORDS, 0, 1));
    }

    @Test
    void shouldRefusePacketCountThatChangesWithinStep() {
        PacketAssembler a = new PacketAssembler(1, 4);
        a.onPacket(0, 0, 0, 3, WORDS, 0, 1);
        assertEquals(PacketAssembler.OUT_OF_ORDER, a.onPacket(0, 0, 1, 2, WORDS, 0, 1));
    }

    @Test
    void shouldRefusePacketOverCap() {
        assertEquals(PacketAssembler.OVER_CAP, new PacketAssembler(1, 3).onPacket(0, 0, 0, 1, WORDS, 0, 4));
    }

    @Test
    void shouldRefuseMissingChipAndBadHeader() {
        PacketAssembler a = new PacketAssembler(1, 4);
        assertEquals(PacketAssembler.BAD_CHIP, a.onPacket(0, 1, 0, 1, WORDS, 0, 1));
        assertEquals(PacketAssembler.BAD_HEADER, a.onPacket(0, 0, 0, 0, WORDS, 0, 1));
        assertEquals(PacketAssembler.BAD_HEADER, a.onPacket(0, 0, 2, 2, WORDS, 0, 1));
    }

    /** Whatever the cap, what the host channel splits the chip side puts back together unchanged. */
    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15, 16})
    void shouldReassembleExactlyWhatTheChannelSplit(long seed) {
        Random random = new Random(seed);
        int chips = 1 + random.nextInt(3);
        int cap = 1 + random.nextInt(60);
        InputChannel channel = new InputChannel(ChannelConfig.split(cap), new ChannelCounters());
        PacketAssembler assembler = new PacketAssembler(chips, cap);
        for (int step = 0; step < 20; step++) {
            StepSpikes sent = new StepSpikes(chips);
            for (int chip = 0; chip < chips; chip++) {
                for (int i = random.nextInt(200); i > 0; i--) {
                    sent.add(chip, SpikeWordDescriptor.addressWord(random.nextInt(128), random.nextInt(4096)), 0);
                }
            }
            int[] ready = {0};
            channel.offer(step, sent, (s, chip, packet, count, words, first, n) -> {
                int status = assembler.onPacket(s, chip, packet, count, words, first, n);
                if (status == PacketAssembler.STEP_READY) {
                    ready[0]++;
                } else {
                    assertEquals(PacketAssembler.INCOMPLETE, status);
                }
            });
            assertEquals(1, ready[0]);
            for (int chip = 0; chip < chips; chip++) {
                int n = sent.spikes(chip);
                assertEquals(n, assembler.spikes().spikes(chip));
                assertArrayEquals(Arrays.copyOf(sent.words(chip), 2 * n), Arrays.copyOf(assembler.spikes().words(chip), 2 * n));
            }
            assembler.nextStep();
        }
    }
}
