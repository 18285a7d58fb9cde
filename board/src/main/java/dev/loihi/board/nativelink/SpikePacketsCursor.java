package dev.loihi.board.nativelink;

import dev.loihi.snips.SnipErrors;
import dev.loihi.common.LoihiException;
import dev.loihi.proto.link.SpikePackets;
import dev.loihi.snips.SpikeWordDescriptor;
import dev.loihi.snips.wire.SpikePacketsAdapter;
import java.util.Arrays;

/**
 * Walks the packets of one {@code SpikePackets} message into the driver, resuming where the
 * board pushed back: a frame of thousands of packets is written as the ring makes room. The
 * message is checked and decoded once, by the same adapter a board uses, into reused arrays.
 */
final class SpikePacketsCursor {
    private final SpikePacketsAdapter adapter = new SpikePacketsAdapter();
    private long[] step = new long[16];
    private int[] chip = new int[16];
    private int[] packet = new int[16];
    private int[] packetCount = new int[16];
    private int[] spikes = new int[16];
    private int[] firstWord = new int[16];
    private int[] words = new int[256];
    private int packets;
    private int wordsUsed;
    private int next;

    /** Takes a message; LINK_PROTOCOL when its lists disagree in length. */
    void start(SpikePackets m) {
        packets = 0;
        wordsUsed = 0;
        next = 0;
        if (adapter.onMessage(m, this::collect) == SpikePacketsAdapter.LENGTH_MISMATCH) {
            packets = 0;
            throw new LoihiException(SnipErrors.LINK_PROTOCOL, "host built a malformed spike frame: " + adapter.lastProblem());
        }
    }

    void clear() {
        packets = 0;
        next = 0;
    }

    /** Writes packets until done (true) or the board pushes back (false). */
    boolean pump(NativeBoard board) {
        for (; next < packets; next++) {
            int status = board.writePacket(step[next], chip[next], packet[next], packetCount[next], words, firstWord[next],
                    spikes[next]);
            if (status == DriverStatus.FULL) {
                return false;
            }
        }
        return true;
    }

    private int collect(long packetStep, int packetChip, int index, int count, int[] src, int first, int spikeCount) {
        if (packets == step.length) {
            int n = 2 * packets;
            step = Arrays.copyOf(step, n);
            chip = Arrays.copyOf(chip, n);
            packet = Arrays.copyOf(packet, n);
            packetCount = Arrays.copyOf(packetCount, n);
            spikes = Arrays.copyOf(spikes, n);
            firstWord = Arrays.copyOf(firstWord, n);
        }
        int n = spikeCount * SpikeWordDescriptor.WORDS_PER_SPIKE;
        if (words.length < wordsUsed + n) {
            words = Arrays.copyOf(words, Math.max(wordsUsed + n, 2 * words.length));
        }
        System.arraycopy(src, first, words, wordsUsed, n);
        step[packets] = packetStep;
        chip[packets] = packetChip;
        packet[packets] = index;
        packetCount[packets] = count;
        spikes[packets] = spikeCount;
        firstWord[packets] = wordsUsed;
        wordsUsed += n;
        packets++;
        return 0;
    }
}
