package dev.loihi.snips.wire;

import dev.loihi.proto.link.Frame;
import dev.loihi.proto.link.ProbeBatch;

/**
 * Board-side step outputs to {@code ProbeBatch} frames: steps accumulate until the frame holds
 * {@code stepsPerFrame} of them (sized so it stays under the host's max frame), or until the
 * board flushes because its input ran dry or the run ended. The step number leads each batch
 * so that host and chips can check they are in step (LOIHI.md).
 */
public final class ProbeBatchProxy {
    private final ProbeLayout layout;
    private final int stepsPerFrame;
    private final FramePublisher publisher;
    private ProbeBatch.Builder builder = ProbeBatch.newBuilder();
    private int steps;

    public ProbeBatchProxy(ProbeLayout layout, int stepsPerFrame, FramePublisher publisher) {
        if (stepsPerFrame < 1) {
            throw new IllegalArgumentException("stepsPerFrame=" + stepsPerFrame);
        }
        this.layout = layout;
        this.stepsPerFrame = stepsPerFrame;
        this.publisher = publisher;
    }

    /**
     * One step's outputs: {@code spikeBits} holds {@link ProbeLayout#spikeWordsPerStep()} words,
     * {@code voltages} {@link ProbeLayout#voltagesPerStep()} values.
     */
    public void step(long step, int[] spikeBits, int[] voltages, int spikesIn) {
        if (steps == 0) {
            builder.setFirstStep(step);
        }
        for (int i = 0, n = layout.spikeWordsPerStep(); i < n; i++) {
            builder.addSpikeBits(spikeBits[i]);
        }
        for (int i = 0, n = layout.voltagesPerStep(); i < n; i++) {
            builder.addVoltage(voltages[i]);
        }
        builder.addSpikesIn(spikesIn);
        steps++;
        if (steps == stepsPerFrame) {
            flush();
        }
    }

    public void flush() {
        if (steps == 0) {
            return;
        }
        Frame frame = Frame.newBuilder().setProbes(builder.setSteps(steps)).build();
        builder = ProbeBatch.newBuilder();
        steps = 0;
        publisher.publish(frame);
    }
}
