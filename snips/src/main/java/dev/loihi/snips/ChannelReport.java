package dev.loihi.snips;

/**
 * What the snip channels moved in one run (or, summed with {@link #plus}, in a session).
 * Spike counts are chip-level spikes: a host spike on an input port axon that targets axons on
 * three cores is three spikes in the channel, as on the board.
 *
 * @param steps            steps run
 * @param inputSpikes      host spikes offered on input port axons, before fan-out to cores
 * @param spikesSent       spikes sent host to chip (after fan-out, without dropped ones)
 * @param spikesDropped    spikes dropped by policy {@code drop}; 0 under split and fail
 * @param spikesDelivered  spikes the chips reported applying; equals spikesSent or the run fails
 * @param spikesReceived   output spikes sent chip to host
 * @param packets          host-to-chip packets, one per chip and step at least
 * @param peakSpikesPerStep the most spikes one chip was offered in one step, before any drop
 * @param multiPacketSteps steps in which some chip needed more than one packet
 * @param overCapSteps     steps in which some chip was offered more than the cap
 */
public record ChannelReport(long steps, long inputSpikes, long spikesSent, long spikesDropped,
                            long spikesDelivered, long spikesReceived, long packets, long peakSpikesPerStep,
                            long multiPacketSteps, long overCapSteps) {

    public static final ChannelReport EMPTY = new ChannelReport(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public ChannelReport plus(ChannelReport o) {
        return new ChannelReport(steps + o.steps, inputSpikes + o.inputSpikes, spikesSent + o.spikesSent,
                spikesDropped + o.spikesDropped, spikesDelivered + o.spikesDelivered,
                spikesReceived + o.spikesReceived, packets + o.packets,
                Math.max(peakSpikesPerStep, o.peakSpikesPerStep), multiPacketSteps + o.multiPacketSteps,
                overCapSteps + o.overCapSteps);
    }

    /** One line for logs and the CLI: {@code key=value, ...}. */
    public String summary() {
        return "steps=" + steps + ", inputSpikes=" + inputSpikes + ", spikesSent=" + spikesSent
                + ", spikesDropped=" + spikesDropped + ", spikesDelivered=" + spikesDelivered
                + ", spikesReceived=" + spikesReceived + ", packets=" + packets
                + ", peakSpikesPerStep=" + peakSpikesPerStep + ", multiPacketSteps=" + multiPacketSteps
                + ", overCapSteps=" + overCapSteps;
    }
}
