package dev.loihi.snips;

/**
 * Where a host-side snip channel writes its packets: the wire proxy of a link, or a test.
 * The words are only valid during the call.
 */
@FunctionalInterface
public interface PacketSink {
    /**
     * One packet: spikes {@code words[firstWord .. firstWord + 2 x spikeCount - 1]} of
     * {@code chip} for {@code step}, packet {@code packet} of {@code packetCount} for that step
     * and chip.
     */
    void packet(int step, int chip, int packet, int packetCount, int[] words, int firstWord, int spikeCount);
}
