package dev.loihi.snips.wire;

/** The chip side's consumer of decoded packets; a negative return stops the frame's remaining packets. */
@FunctionalInterface
public interface PacketHandler {
    int onPacket(long step, int chip, int packet, int packetCount, int[] words, int firstWord, int spikeCount);
}
