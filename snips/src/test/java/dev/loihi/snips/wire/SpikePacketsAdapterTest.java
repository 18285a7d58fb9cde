package dev.loihi.snips.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.proto.link.SpikePackets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpikePacketsAdapterTest {
    @Test
    void shouldHandOnEachPacketWithItsWords() {
        SpikePackets m = SpikePackets.newBuilder().setFirstStep(5)
                .addStepDelta(0).addChip(0).addPacketIndex(0).addPacketsInStep(1).addSpikes(1)
                .addStepDelta(1).addChip(1).addPacketIndex(0).addPacketsInStep(1).addSpikes(2)
                .setWordBytes(PackedWords.of(new int[] {11, 0, 21, 0, 22, 0}, 6)).build();
        List<String> seen = new ArrayList<>();
        int status = new SpikePacketsAdapter().onMessage(m, (step, chip, packet, count, words, first, n) -> {
            StringBuilder sb = new StringBuilder(step + "/" + chip + ":");
            for (int i = 0; i < n; i++) {
                sb.append(words[first + 2 * i]).append(',');
            }
            seen.add(sb.toString());
            return 0;
        });
        assertEquals(0, status);
        assertEquals(List.of("5/0:11,", "6/1:21,22,"), seen);
    }

    @Test
    void shouldRefuseWordsThatDoNotMatchTheCounts() {
        SpikePackets m = SpikePackets.newBuilder().addStepDelta(0).addChip(0).addPacketIndex(0).addPacketsInStep(1)
                .addSpikes(2).setWordBytes(PackedWords.of(new int[] {1, 0}, 2)).build();
        SpikePacketsAdapter adapter = new SpikePacketsAdapter();
        assertEquals(SpikePacketsAdapter.LENGTH_MISMATCH, adapter.onMessage(m, (a, b, c, d, e, f, g) -> 0));
        assertTrue(adapter.lastProblem().contains("announcedWords=4"), adapter.lastProblem());
    }

    @Test
    void shouldRefuseWordBytesThatAreNotWholeWords() {
        SpikePackets m = SpikePackets.newBuilder().addStepDelta(0).addChip(0).addPacketIndex(0).addPacketsInStep(1)
                .addSpikes(0).setWordBytes(com.google.protobuf.ByteString.copyFrom(new byte[3])).build();
        assertEquals(SpikePacketsAdapter.LENGTH_MISMATCH, new SpikePacketsAdapter().onMessage(m, (a, b, c, d, e, f, g) -> 0));
    }

    @Test
    void shouldReadVarintWordsLikeBulkWords() {
        SpikePackets bulk = SpikePackets.newBuilder().addStepDelta(0).addChip(0).addPacketIndex(0).addPacketsInStep(1)
                .addSpikes(1).setWordBytes(PackedWords.of(new int[] {0x10003, 0}, 2)).build();
        SpikePackets varint = bulk.toBuilder().clearWordBytes().addWords(0x10003).addWords(0).build();
        List<String> seen = new ArrayList<>();
        PacketHandler record = (step, chip, packet, count, words, first, n) -> {
            seen.add(words[first] + "/" + words[first + 1]);
            return 0;
        };
        new SpikePacketsAdapter().onMessage(bulk, record);
        new SpikePacketsAdapter().onMessage(varint, record);
        assertEquals(List.of("65539/0", "65539/0"), seen);
    }

    @Test
    void shouldRefuseWordsInBothFields() {
        SpikePackets m = SpikePackets.newBuilder().addStepDelta(0).addChip(0).addPacketIndex(0).addPacketsInStep(1)
                .addSpikes(1).setWordBytes(PackedWords.of(new int[] {1, 0}, 2)).addWords(1).addWords(0).build();
        assertEquals(SpikePacketsAdapter.LENGTH_MISMATCH, new SpikePacketsAdapter().onMessage(m, (a, b, c, d, e, f, g) -> 0));
    }

    @Test
    void shouldRefuseHeaderListsOfDifferentLengths() {
        SpikePackets m = SpikePackets.newBuilder().addStepDelta(0).addStepDelta(1).addChip(0).addPacketIndex(0)
                .addPacketsInStep(1).addSpikes(0).build();
        assertEquals(SpikePacketsAdapter.LENGTH_MISMATCH, new SpikePacketsAdapter().onMessage(m, (a, b, c, d, e, f, g) -> 0));
    }

    @Test
    void shouldStopAtTheFirstNegativeStatus() {
        SpikePackets m = SpikePackets.newBuilder()
                .addStepDelta(0).addChip(0).addPacketIndex(0).addPacketsInStep(1).addSpikes(0)
                .addStepDelta(1).addChip(0).addPacketIndex(0).addPacketsInStep(1).addSpikes(0).build();
        int[] calls = {0};
        int status = new SpikePacketsAdapter().onMessage(m, (a, b, c, d, e, f, g) -> {
            calls[0]++;
            return -7;
        });
        assertEquals(-7, status);
        assertEquals(1, calls[0]);
    }
}
