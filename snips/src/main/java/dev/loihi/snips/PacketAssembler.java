package dev.loihi.snips;

import java.util.Arrays;

/**
 * The chip end of the host-to-chip snip channels: collects a step's packets from every chip's
 * channel and says when the step may start. A chip starts step t only when packets
 * 0..count-1 of step t have arrived on its channel, so a step split over several packets
 * (policy split) is applied whole.
 *
 * <p>Packets must come in order: all packets of step t (chips in any order, a chip's packets
 * in index order) before any of step t + 1. Every outcome is a return value; negative values
 * are protocol violations the caller reports with the packet's header.
 */
public final class PacketAssembler {
    /** The packet was taken; the step still waits for packets. */
    public static final int INCOMPLETE = 0;
    /** The packet completed the step: read {@link #spikes()}, run the step, then {@link #nextStep()}. */
    public static final int STEP_READY = 1;
    /** The packet is for another step, or not the next packet of its chip, or its count changed. */
    public static final int OUT_OF_ORDER = -1;
    /** The packet holds more spikes than the cap: the channel memory could not have held it. */
    public static final int OVER_CAP = -2;
    /** The packet names a chip the board does not have. */
    public static final int BAD_CHIP = -3;
    /** packet count below 1, or packet index not below it. */
    public static final int BAD_HEADER = -4;

    private final int maxSpikesPerStep;
    private final int[] nextPacket;
    private final int[] packetCount;
    private final StepSpikes spikes;
    private long step;
    private int chipsComplete;

    public PacketAssembler(int chips, int maxSpikesPerStep) {
        this.maxSpikesPerStep = maxSpikesPerStep;
        this.nextPacket = new int[chips];
        this.packetCount = new int[chips];
        this.spikes = new StepSpikes(chips);
    }

    /** The step being assembled. */
    public long step() {
        return step;
    }

    /** The next packet index expected from {@code chip} in the current step. */
    public int expectedPacket(int chip) {
        return nextPacket[chip];
    }

    public int maxSpikesPerStep() {
        return maxSpikesPerStep;
    }

    public int onPacket(long packetStep, int chip, int packet, int count, int[] words, int firstWord, int spikeCount) {
        if (chip < 0 || chip >= nextPacket.length) {
            return BAD_CHIP;
        }
        if (count < 1 || packet < 0 || packet >= count) {
            return BAD_HEADER;
        }
        if (spikeCount > maxSpikesPerStep) {
            return OVER_CAP;
        }
        if (packetStep != step || packet != nextPacket[chip] || (packet > 0 && count != packetCount[chip])) {
            return OUT_OF_ORDER;
        }
        packetCount[chip] = count;
        nextPacket[chip] = packet + 1;
        spikes.append(chip, words, firstWord, spikeCount);
        if (packet + 1 == count) {
            chipsComplete++;
        }
        return chipsComplete == nextPacket.length ? STEP_READY : INCOMPLETE;
    }

    /** The whole step's spikes per chip, valid after {@link #STEP_READY} until {@link #nextStep()}. */
    public StepSpikes spikes() {
        return spikes;
    }

    public void nextStep() {
        step++;
        chipsComplete = 0;
        Arrays.fill(nextPacket, 0);
        Arrays.fill(packetCount, 0);
        spikes.clear();
    }
}
