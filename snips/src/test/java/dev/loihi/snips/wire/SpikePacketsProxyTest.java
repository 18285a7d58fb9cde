package dev.loihi.snips.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.proto.link.Frame;
import dev.loihi.proto.link.SpikePackets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpikePacketsProxyTest {
    private static final int MAX = ProtocolDescriptor.MIN_MAX_FRAME_BYTES;

    @Test
    void shouldPutManySmallStepsInOneFrame() {
        List<Frame> frames = new ArrayList<>();
        SpikePacketsProxy proxy = new SpikePacketsProxy(MAX, frames::add);
        int[] words = {0x10005, 0, 0x10006, 0};
        for (int step = 0; step < 100; step++) {
            proxy.packet(step, 0, 0, 1, words, 0, 2);
        }
        proxy.flush();
        assertEquals(1, frames.size());
        SpikePackets p = frames.get(0).getSpikes();
        assertEquals(100, p.getStepDeltaCount());
        assertEquals(99, p.getStepDelta(99));
        assertEquals(400, PackedWords.count(p.getWordBytes()));
        int[] back = new int[400];
        PackedWords.read(p.getWordBytes(), back);
        assertEquals(0x10006, back[398]);
    }

    @Test
    void shouldKeepEveryFrameUnderMaxWithLargestWords() {
        List<Frame> frames = new ArrayList<>();
        SpikePacketsProxy proxy = new SpikePacketsProxy(MAX, frames::add);
        int cap = SpikePacketsProxy.maxSpikesPerFrame(MAX);
        int[] words = new int[2 * cap];
        java.util.Arrays.fill(words, -1);
        for (int step = 0; step < 10; step++) {
            proxy.packet(step, 0, 0, 1, words, 0, cap);
        }
        proxy.flush();
        assertEquals(10, frames.size());
        for (Frame f : frames) {
            assertTrue(f.getSerializedSize() <= MAX, "frame of " + f.getSerializedSize() + " bytes");
        }
    }

    @Test
    void shouldPublishNothingWhenFlushedEmpty() {
        List<Frame> frames = new ArrayList<>();
        new SpikePacketsProxy(MAX, frames::add).flush();
        assertTrue(frames.isEmpty());
    }
}
