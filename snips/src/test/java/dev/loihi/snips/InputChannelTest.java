package dev.loihi.snips;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputChannelTest {
    /** One recorded packet: header and a copy of its words. */
    record Packet(int step, int chip, int packet, int count, int[] words) {}

    private final List<Packet> packets = new ArrayList<>();
    private final PacketSink sink = (step, chip, packet, count, words, first, spikes) -> packets.add(
            new Packet(step, chip, packet, count, Arrays.copyOfRange(words, first, first + 2 * spikes)));

    private static StepSpikes spikes(int chips, int... perChip) {
        StepSpikes s = new StepSpikes(chips);
        for (int chip = 0; chip < perChip.length; chip++) {
            for (int i = 0; i < perChip[chip]; i++) {
                s.add(chip, SpikeWordDescriptor.addressWord(chip, i), SpikeWordDescriptor.discreteTypeWord());
            }
        }
        return s;
    }

    @Test
    void shouldSendOneEmptyPacketPerChipWhenStepHasNoSpikes() {
        ChannelCounters counters = new ChannelCounters();
        long sent = new InputChannel(ChannelConfig.defaults(), counters).offer(3, spikes(2, 0, 0), sink);
        assertEquals(2, sent);
        assertEquals(List.of(3, 3), packets.stream().map(Packet::step).toList());
        assertEquals(0, packets.get(0).words().length);
        assertEquals(1, counters.snapshot().steps());
    }

    @Test
    void shouldSplitStepOverCapIntoFullPacketsAndRest() {
        ChannelCounters counters = new ChannelCounters();
        new InputChannel(ChannelConfig.split(50), counters).offer(0, spikes(1, 120), sink);
        assertEquals(List.of(100, 100, 40), packets.stream().map(p -> p.words().length).toList());
        assertEquals(List.of(3, 3, 3), packets.stream().map(Packet::count).toList());
        assertEquals(List.of(0, 1, 2), packets.stream().map(Packet::packet).toList());
        ChannelReport r = counters.snapshot();
        assertEquals(120, r.spikesSent());
        assertEquals(0, r.spikesDropped());
        assertEquals(1, r.multiPacketSteps());
        assertEquals(120, r.peakSpikesPerStep());
        assertEquals(3, r.packets());
    }

    @Test
    void shouldKeepEverySpikeInOrderWhenSplitting() {
        StepSpikes step = spikes(1, 7);
        new InputChannel(ChannelConfig.split(3), new ChannelCounters()).offer(0, step, sink);
        int[] joined = packets.stream().flatMapToInt(p -> Arrays.stream(p.words())).toArray();
        assertArrayEquals(Arrays.copyOf(step.words(0), 14), joined);
    }

    @Test
    void shouldReturnCapExceededAndWriteNothingUnderFail() {
        InputChannel channel = new InputChannel(new ChannelConfig(50, OverflowPolicy.FAIL), new ChannelCounters());
        long result = channel.offer(7, spikes(2, 10, 500), sink);
        assertEquals(InputChannel.CAP_EXCEEDED, result);
        assertTrue(packets.isEmpty());
        LoihiException e = channel.overflowError();
        assertEquals(SnipErrors.SNIP_OVERFLOW, e.code());
        assertTrue(e.getMessage().contains("step=7") && e.getMessage().contains("spikes=500")
                && e.getMessage().contains("cap=50"), e.getMessage());
    }

    @Test
    void shouldSendCapAndCountTheRestAsDroppedUnderDrop() {
        ChannelCounters counters = new ChannelCounters();
        new InputChannel(new ChannelConfig(50, OverflowPolicy.DROP), counters).offer(0, spikes(1, 80), sink);
        assertEquals(1, packets.size());
        assertEquals(100, packets.get(0).words().length);
        ChannelReport r = counters.snapshot();
        assertEquals(50, r.spikesSent());
        assertEquals(30, r.spikesDropped());
        assertEquals(1, r.overCapSteps());
        assertEquals(0, r.multiPacketSteps());
    }

    @Test
    void shouldApplyCapToEachChipAlone() {
        ChannelCounters counters = new ChannelCounters();
        new InputChannel(ChannelConfig.split(50), counters).offer(0, spikes(2, 50, 50), sink);
        assertEquals(2, packets.size());
        assertEquals(0, counters.snapshot().multiPacketSteps());
    }
}
