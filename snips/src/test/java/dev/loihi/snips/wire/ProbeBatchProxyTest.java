package dev.loihi.snips.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.proto.link.Frame;
import dev.loihi.proto.link.ProbeBatch;
import dev.loihi.proto.link.ProbeRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeBatchProxyTest {
    private static ProbeLayout layout() {
        return ProbeLayout.of(List.of(
                ProbeRequest.newBuilder().setPort(0).setSpikes(true).build(),
                ProbeRequest.newBuilder().setPort(1).setVoltage(true).setSpikes(true).build()), port -> port == 0 ? 40 : 3);
    }

    @Test
    void shouldLaySpikeProbesThenVoltageProbesInRequestOrder() {
        ProbeLayout l = layout();
        assertEquals(3, l.spikeWordsPerStep());
        assertEquals(0, l.spikeOffset(0));
        assertEquals(2, l.spikeOffset(1));
        assertEquals(-1, l.voltageOffset(0));
        assertEquals(0, l.voltageOffset(1));
        assertEquals(3, l.voltagesPerStep());
    }

    @Test
    void shouldPublishWhenBatchHoldsStepsPerFrame() {
        List<Frame> frames = new ArrayList<>();
        ProbeBatchProxy proxy = new ProbeBatchProxy(layout(), 4, frames::add);
        for (int step = 0; step < 10; step++) {
            proxy.step(step, new int[] {step, 0, 1}, new int[] {-step, 0, step}, step * 2);
        }
        proxy.flush();
        assertEquals(List.of(4, 4, 2), frames.stream().map(f -> f.getProbes().getSteps()).toList());
        ProbeBatch last = frames.get(2).getProbes();
        assertEquals(8, last.getFirstStep());
        assertEquals(-9, last.getVoltage(3));
        assertEquals(18, last.getSpikesIn(1));
    }

    @Test
    void shouldSizeFramesUnderTheMax() {
        ProbeLayout l = ProbeLayout.of(List.of(ProbeRequest.newBuilder().setPort(0).setVoltage(true).setSpikes(true)
                .build()), port -> 1024);
        int max = ProtocolDescriptor.MIN_MAX_FRAME_BYTES;
        int perFrame = l.stepsPerFrame(max);
        List<Frame> frames = new ArrayList<>();
        ProbeBatchProxy proxy = new ProbeBatchProxy(l, perFrame, frames::add);
        int[] bits = new int[l.spikeWordsPerStep()];
        java.util.Arrays.fill(bits, -1);
        int[] volts = new int[1024];
        java.util.Arrays.fill(volts, Integer.MIN_VALUE);
        for (int step = 0; step < perFrame; step++) {
            proxy.step(step, bits, volts, -1);
        }
        assertEquals(1, frames.size());
        assertTrue(frames.get(0).getSerializedSize() <= max);
    }
}
