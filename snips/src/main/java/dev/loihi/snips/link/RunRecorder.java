package dev.loihi.snips.link;

import dev.loihi.snips.SnipErrors;
import dev.loihi.common.LoihiException;
import dev.loihi.image.Image;
import dev.loihi.proto.link.ProbeBatch;
import dev.loihi.snips.SpikeBitsDescriptor;
import dev.loihi.snips.wire.ProbeLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The host's record of a run as ProbeBatch frames come back: checks every batch's lengths and
 * step numbers before copying it (a board out of step is an error, not a shifted trace),
 * checks that the chips applied exactly the spikes sent in each step, and serves the latest
 * step to interactive host code.
 */
final class RunRecorder implements StepOutput {
    private final ProbeLayout layout;
    private final int steps;
    private final String[] names;
    private final int[][] spikeBits;
    private final int[][] voltage;
    private final int[] probeOfPort;
    private final long[] sentPerStep;
    private int stepsSent;
    private int received;
    private long spikesReceived;
    private long spikesDelivered;

    RunRecorder(ProbeLayout layout, int steps, Image image) {
        this.layout = layout;
        this.steps = steps;
        int n = layout.probes();
        names = new String[n];
        spikeBits = new int[n][];
        voltage = new int[n][];
        probeOfPort = new int[image.outputs().size()];
        Arrays.fill(probeOfPort, -1);
        for (int p = 0; p < n; p++) {
            int size = layout.size(p);
            names[p] = image.outputs().get(layout.port(p)).name();
            probeOfPort[layout.port(p)] = p;
            if (layout.hasSpikes(p)) {
                spikeBits[p] = new int[Math.multiplyExact(steps, SpikeBitsDescriptor.words(size))];
            }
            if (layout.hasVoltage(p)) {
                voltage[p] = new int[Math.multiplyExact(steps, size)];
            }
        }
        sentPerStep = new long[steps];
    }

    /** The host has sent all of step {@code step}'s packets, {@code spikes} spikes in all. */
    void sent(int step, long spikes) {
        sentPerStep[step] = spikes;
        stepsSent = step + 1;
    }

    int received() {
        return received;
    }

    long spikesReceived() {
        return spikesReceived;
    }

    long spikesDelivered() {
        return spikesDelivered;
    }

    void apply(ProbeBatch b) {
        long first = b.getFirstStep();
        int n = b.getSteps();
        if (first != received || n < 1 || first + n > stepsSent) {
            throw new LoihiException(SnipErrors.LINK_PROTOCOL, "probe batch out of step: firstStep=" + first + ", steps=" + n
                    + ", expectedStep=" + received + ", stepsSent=" + stepsSent);
        }
        long spikeWords = (long) n * layout.spikeWordsPerStep();
        long voltages = (long) n * layout.voltagesPerStep();
        if (b.getSpikeBitsCount() != spikeWords || b.getVoltageCount() != voltages || b.getSpikesInCount() != n) {
            throw new LoihiException(SnipErrors.LINK_PROTOCOL, "probe batch lengths do not match the run's probes: firstStep="
                    + first + ", steps=" + n + ", spikeBits=" + b.getSpikeBitsCount() + ", expectedSpikeBits=" + spikeWords
                    + ", voltages=" + b.getVoltageCount() + ", expectedVoltages=" + voltages
                    + ", spikesIn=" + b.getSpikesInCount());
        }
        for (int s = 0; s < n; s++) {
            int step = (int) first + s;
            long applied = Integer.toUnsignedLong(b.getSpikesIn(s));
            if (applied != sentPerStep[step]) {
                throw new LoihiException(SnipErrors.LINK_SPIKE_LOSS, "chips applied a different number of spikes than sent: step="
                        + step + ", sent=" + sentPerStep[step] + ", applied=" + applied);
            }
            spikesDelivered += applied;
            copyStep(b, s, step);
        }
        received += n;
    }

    private void copyStep(ProbeBatch b, int s, int step) {
        int bitsBase = s * layout.spikeWordsPerStep();
        int voltBase = s * layout.voltagesPerStep();
        for (int p = 0; p < layout.probes(); p++) {
            int size = layout.size(p);
            if (layout.hasSpikes(p)) {
                int words = SpikeBitsDescriptor.words(size);
                int from = bitsBase + layout.spikeOffset(p);
                int to = step * words;
                for (int k = 0; k < words; k++) {
                    int w = b.getSpikeBits(from + k);
                    spikeBits[p][to + k] = w;
                    spikesReceived += Integer.bitCount(w);
                }
                int tail = size % SpikeBitsDescriptor.BITS_PER_WORD;
                if (tail != 0 && spikeBits[p][to + words - 1] >>> tail != 0) {
                    throw new LoihiException(SnipErrors.LINK_PROTOCOL, "spike bits beyond the port's size: step=" + step
                            + ", port=" + layout.port(p) + ", size=" + size);
                }
            }
            if (layout.hasVoltage(p)) {
                int from = voltBase + layout.voltageOffset(p);
                int to = step * size;
                for (int k = 0; k < size; k++) {
                    voltage[p][to + k] = b.getVoltage(from + k);
                }
            }
        }
    }

    List<ProbeTrace> traces() {
        List<ProbeTrace> out = new ArrayList<>();
        for (int p = 0; p < layout.probes(); p++) {
            out.add(new ProbeTrace(layout.port(p), names[p], layout.size(p), steps, spikeBits[p], voltage[p]));
        }
        return out;
    }

    @Override
    public int step() {
        return received - 1;
    }

    @Override
    public boolean spiked(int port, int index) {
        int p = spikeProbe(port);
        int size = layout.size(p);
        checkIndex(port, index, size);
        return received > 0 && SpikeBitsDescriptor.isSet(spikeBits[p], (received - 1) * SpikeBitsDescriptor.words(size), index);
    }

    @Override
    public int spikeCount(int port) {
        int p = spikeProbe(port);
        if (received == 0) {
            return 0;
        }
        int words = SpikeBitsDescriptor.words(layout.size(p));
        return SpikeBitsDescriptor.count(spikeBits[p], (received - 1) * words, words);
    }

    @Override
    public int voltage(int port, int index) {
        int p = probe(port);
        if (!layout.hasVoltage(p)) {
            throw notProbed(port, "voltage");
        }
        int size = layout.size(p);
        checkIndex(port, index, size);
        return received == 0 ? 0 : voltage[p][(received - 1) * size + index];
    }

    private int spikeProbe(int port) {
        int p = probe(port);
        if (!layout.hasSpikes(p)) {
            throw notProbed(port, "spikes");
        }
        return p;
    }

    private int probe(int port) {
        int p = port >= 0 && port < probeOfPort.length ? probeOfPort[port] : -1;
        if (p < 0) {
            throw notProbed(port, "any");
        }
        return p;
    }

    private static void checkIndex(int port, int index, int size) {
        if (index < 0 || index >= size) {
            throw new LoihiException(SnipErrors.LINK_NOT_PROBED, "output index outside the port: port=" + port
                    + ", index=" + index + ", size=" + size);
        }
    }

    private static LoihiException notProbed(int port, String kind) {
        return new LoihiException(SnipErrors.LINK_NOT_PROBED, "output port not probed in this run: port=" + port + ", kind=" + kind);
    }
}
