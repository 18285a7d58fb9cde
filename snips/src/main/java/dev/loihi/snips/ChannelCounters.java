package dev.loihi.snips;

/**
 * The running counts behind a {@link ChannelReport}, updated by the host-side channel and by
 * the link as the board reports back. One run, one thread.
 */
public final class ChannelCounters {
    long steps;
    long inputSpikes;
    long spikesSent;
    long spikesDropped;
    long spikesDelivered;
    long spikesReceived;
    long packets;
    long peakSpikesPerStep;
    long multiPacketSteps;
    long overCapSteps;

    public void addInputSpikes(long n) {
        inputSpikes += n;
    }

    public void addDelivered(long n) {
        spikesDelivered += n;
    }

    public void addReceived(long n) {
        spikesReceived += n;
    }

    public long spikesSent() {
        return spikesSent;
    }

    public ChannelReport snapshot() {
        return new ChannelReport(steps, inputSpikes, spikesSent, spikesDropped, spikesDelivered, spikesReceived,
                packets, peakSpikesPerStep, multiPacketSteps, overCapSteps);
    }
}
