package dev.loihi.snips.link;

import dev.loihi.snips.SnipErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.image.Image;
import dev.loihi.proto.link.ProbeBatch;
import dev.loihi.proto.link.ProbeRequest;
import dev.loihi.snips.wire.ProbeLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunRecorderTest {
    private static final Image IMAGE = RelayImage.build(40, 1);

    private static RunRecorder recorder(int steps) {
        ProbeLayout layout = ProbeLayout.of(List.of(ProbeRequest.newBuilder().setPort(0).setSpikes(true).build(),
                ProbeRequest.newBuilder().setPort(1).setVoltage(true).build()), p -> 40);
        RunRecorder r = new RunRecorder(layout, steps, IMAGE);
        for (int t = 0; t < steps; t++) {
            r.sent(t, 3);
        }
        return r;
    }

    private static ProbeBatch.Builder batch(int first, int steps) {
        ProbeBatch.Builder b = ProbeBatch.newBuilder().setFirstStep(first).setSteps(steps);
        for (int s = 0; s < steps; s++) {
            b.addSpikeBits(1 << (first + s)).addSpikeBits(0).addSpikesIn(3);
            for (int i = 0; i < 40; i++) {
                b.addVoltage(i - (first + s));
            }
        }
        return b;
    }

    @Test
    void shouldRecordSpikesAndVoltagesOfEachStep() {
        RunRecorder r = recorder(3);
        r.apply(batch(0, 2).build());
        r.apply(batch(2, 1).build());
        ProbeTrace spikes = r.traces().get(0);
        assertTrue(spikes.spiked(1, 1));
        assertEquals(1, spikes.spikeCount(2));
        assertEquals(-2, r.traces().get(1).voltage(2, 0));
        assertEquals(3, r.spikesReceived());
        assertEquals(2, r.step());
        assertEquals(9, r.spikesDelivered());
    }

    @Test
    void shouldRefuseBatchOutOfStep() {
        RunRecorder r = recorder(3);
        LoihiException e = assertThrows(LoihiException.class, () -> r.apply(batch(1, 1).build()));
        assertEquals(SnipErrors.LINK_PROTOCOL, e.code());
    }

    @Test
    void shouldRefuseBatchWithTooFewValues() {
        RunRecorder r = recorder(3);
        LoihiException e = assertThrows(LoihiException.class, () -> r.apply(batch(0, 1).addVoltage(5).build()));
        assertEquals(SnipErrors.LINK_PROTOCOL, e.code());
    }

    @Test
    void shouldReportStepWhereChipsAppliedFewerSpikesThanSent() {
        RunRecorder r = recorder(3);
        LoihiException e = assertThrows(LoihiException.class, () -> r.apply(batch(0, 1).setSpikesIn(0, 2).build()));
        assertEquals(SnipErrors.LINK_SPIKE_LOSS, e.code());
        assertTrue(e.getMessage().contains("step=0"), e.getMessage());
    }

    @Test
    void shouldRefuseBitsBeyondThePortSize() {
        RunRecorder r = recorder(1);
        LoihiException e = assertThrows(LoihiException.class, () -> r.apply(batch(0, 1).setSpikeBits(1, 1 << 9).build()));
        assertEquals(SnipErrors.LINK_PROTOCOL, e.code());
    }

    @Test
    void shouldRefuseReadOfPortNotProbed() {
        RunRecorder r = recorder(1);
        LoihiException e = assertThrows(LoihiException.class, () -> r.voltage(0, 0));
        assertEquals(SnipErrors.LINK_NOT_PROBED, e.code());
    }
}
