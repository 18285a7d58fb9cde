package dev.loihi.snips.wire;

import dev.loihi.proto.link.Frame;
import dev.loihi.proto.link.SpikePackets;
import dev.loihi.snips.PacketSink;
import dev.loihi.snips.SpikeWordDescriptor;
import java.util.Arrays;

/**
 * Host-side packets to {@code SpikePackets} frames. Packets accumulate in one frame until the
 * next would take it over the peer's max frame size, so a precompute run sends many steps per
 * frame and an interactive run sends each step's packets in one frame (the caller flushes
 * after each step). Header sizes are budgeted with the longest varint and words take 4 bytes
 * each, so no frame ever exceeds the max. The words are gathered in one int array and turned
 * into the frame's bytes in one bulk copy.
 */
public final class SpikePacketsProxy implements PacketSink {
    /** step_delta, chip, packet_index, packets_in_step, spikes: one varint each. */
    static final int PACKET_HEADER_BYTES = 5 * ProtocolDescriptor.MAX_VARINT32_BYTES;
    static final int SPIKE_BYTES = SpikeWordDescriptor.WORDS_PER_SPIKE * PackedWords.BYTES_PER_WORD;

    private final FramePublisher publisher;
    private final int budgetBytes;
    private SpikePackets.Builder builder = SpikePackets.newBuilder();
    private int[] gathered;
    private int wordCount;
    private int usedBytes;
    private int packets;
    private long firstStep;

    public SpikePacketsProxy(int maxFrameBytes, FramePublisher publisher) {
        this(maxFrameBytes, publisher, 1024);
    }

    /**
     * As above, with room for {@code expectedWords} words before the first frame: a run that
     * knows its spikes ahead (precompute) then gathers them without growing the array step by step.
     */
    public SpikePacketsProxy(int maxFrameBytes, FramePublisher publisher, int expectedWords) {
        this.publisher = publisher;
        this.budgetBytes = maxFrameBytes - ProtocolDescriptor.FRAME_OVERHEAD_BYTES;
        // never more than one frame holds
        this.gathered = new int[Math.max(16, Math.min(expectedWords, budgetBytes / PackedWords.BYTES_PER_WORD))];
    }

    /** The largest cap whose full packet still fits one frame of {@code maxFrameBytes}. */
    public static int maxSpikesPerFrame(int maxFrameBytes) {
        return Math.max(0, (maxFrameBytes - ProtocolDescriptor.FRAME_OVERHEAD_BYTES - PACKET_HEADER_BYTES) / SPIKE_BYTES);
    }

    @Override
    public void packet(int step, int chip, int packet, int packetCount, int[] words, int firstWord, int spikeCount) {
        int bytes = PACKET_HEADER_BYTES + spikeCount * SPIKE_BYTES;
        if (bytes > budgetBytes) {
            throw new IllegalStateException("packet larger than a frame: spikes=" + spikeCount + ", budgetBytes=" + budgetBytes);
        }
        if (packets > 0 && usedBytes + bytes > budgetBytes) {
            flush();
        }
        if (packets == 0) {
            firstStep = step;
            builder.setFirstStep(step);
        }
        builder.addStepDelta((int) (step - firstStep)).addChip(chip).addPacketIndex(packet).addPacketsInStep(packetCount)
                .addSpikes(spikeCount);
        int n = spikeCount * SpikeWordDescriptor.WORDS_PER_SPIKE;
        if (wordCount + n > gathered.length) {
            gathered = Arrays.copyOf(gathered, Math.max(wordCount + n, 2 * gathered.length));
        }
        System.arraycopy(words, firstWord, gathered, wordCount, n);
        wordCount += n;
        usedBytes += bytes;
        packets++;
    }

    /** Publishes the packets gathered so far as one frame; nothing when there are none. */
    public void flush() {
        if (packets == 0) {
            return;
        }
        Frame frame = Frame.newBuilder().setSpikes(builder.setWordBytes(PackedWords.of(gathered, wordCount))).build();
        builder = SpikePackets.newBuilder();
        wordCount = 0;
        packets = 0;
        usedBytes = 0;
        publisher.publish(frame);
    }
}
