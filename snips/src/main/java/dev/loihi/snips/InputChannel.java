package dev.loihi.snips;

import dev.loihi.common.LoihiException;

/**
 * The host end of the host-to-chip snip channels: cuts each step's spikes into packets of at
 * most the cap per chip, following the overflow policy, and counts what it sent.
 *
 * <p>Expected outcomes are return values, as in Aeron's {@code Publication.offer}: under policy
 * {@code fail} a step over the cap returns {@link #CAP_EXCEEDED} and writes nothing of that
 * step, so the caller can stop the run cleanly and raise {@link #overflowError}.
 */
public final class InputChannel {
    /** {@link #offer} result: policy fail and one chip's spikes exceed the cap; nothing was written. */
    public static final long CAP_EXCEEDED = -1;

    private final ChannelConfig config;
    private final ChannelCounters counters;
    private int overflowStep = -1;
    private int overflowChip = -1;
    private int overflowSpikes;

    public InputChannel(ChannelConfig config, ChannelCounters counters) {
        this.config = config;
        this.counters = counters;
    }

    public ChannelConfig config() {
        return config;
    }

    /**
     * Writes the spikes of {@code step} to {@code sink}: every chip gets packets 0..n-1 of that
     * step (one empty packet when it has no spike). Returns the number of packets written, or
     * {@link #CAP_EXCEEDED}.
     */
    public long offer(int step, StepSpikes spikes, PacketSink sink) {
        int cap = config.maxSpikesPerStep();
        int chips = spikes.chips();
        int most = 0;
        int overChip = -1;
        for (int chip = 0; chip < chips; chip++) {
            int n = spikes.spikes(chip);
            if (n > most) {
                most = n;
            }
            if (n > cap && overChip < 0) {
                overChip = chip;
            }
        }
        counters.peakSpikesPerStep = Math.max(counters.peakSpikesPerStep, most);
        if (overChip >= 0) {
            counters.overCapSteps++;
            if (config.policy() == OverflowPolicy.FAIL) {
                overflowStep = step;
                overflowChip = overChip;
                overflowSpikes = spikes.spikes(overChip);
                return CAP_EXCEEDED;
            }
        }
        long packets = 0;
        boolean multiPacket = false;
        for (int chip = 0; chip < chips; chip++) {
            int n = spikes.spikes(chip);
            int[] words = spikes.words(chip);
            if (n <= cap) {
                sink.packet(step, chip, 0, 1, words, 0, n);
                packets++;
                counters.spikesSent += n;
            } else if (config.policy() == OverflowPolicy.DROP) {
                sink.packet(step, chip, 0, 1, words, 0, cap);
                packets++;
                counters.spikesSent += cap;
                counters.spikesDropped += n - cap;
            } else {
                int count = (n + cap - 1) / cap;
                for (int p = 0; p < count; p++) {
                    int first = p * cap;
                    sink.packet(step, chip, p, count, words, first * SpikeWordDescriptor.WORDS_PER_SPIKE,
                            Math.min(cap, n - first));
                }
                packets += count;
                counters.spikesSent += n;
                multiPacket = true;
            }
        }
        counters.packets += packets;
        counters.steps++;
        if (multiPacket) {
            counters.multiPacketSteps++;
        }
        return packets;
    }

    /** The error for the last {@link #CAP_EXCEEDED}: names the step, chip, count and cap. */
    public LoihiException overflowError() {
        return new LoihiException(SnipErrors.SNIP_OVERFLOW, "snip channel overflow: step=" + overflowStep
                + ", chip=" + overflowChip + ", spikes=" + overflowSpikes + ", cap=" + config.maxSpikesPerStep()
                + ", policy=" + config.policy().settingName());
    }
}
