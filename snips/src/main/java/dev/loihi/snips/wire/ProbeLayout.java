package dev.loihi.snips.wire;

import dev.loihi.proto.link.ProbeRequest;
import dev.loihi.snips.SpikeBitsDescriptor;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Where each probe's values sit in one step of a {@code ProbeBatch}: probes in RunSetup order,
 * spike bits of the spike probes one after another in {@code spike_bits}, voltages of the
 * voltage probes in {@code voltage}. Host and board build it from the same RunSetup, so they
 * agree on every offset.
 */
public final class ProbeLayout {
    private final int[] port;
    private final int[] size;
    private final int[] spikeOffset;
    private final int[] voltageOffset;
    private final int spikeWordsPerStep;
    private final int voltagesPerStep;

    private ProbeLayout(int[] port, int[] size, int[] spikeOffset, int[] voltageOffset, int spikeWords, int voltages) {
        this.port = port;
        this.size = size;
        this.spikeOffset = spikeOffset;
        this.voltageOffset = voltageOffset;
        this.spikeWordsPerStep = spikeWords;
        this.voltagesPerStep = voltages;
    }

    /** {@code outputSize} gives the size of an output port; the requests' ports must exist. */
    public static ProbeLayout of(List<ProbeRequest> probes, IntUnaryOperator outputSize) {
        int n = probes.size();
        int[] port = new int[n];
        int[] size = new int[n];
        int[] spikeOffset = new int[n];
        int[] voltageOffset = new int[n];
        int spikeWords = 0;
        int voltages = 0;
        for (int i = 0; i < n; i++) {
            ProbeRequest p = probes.get(i);
            port[i] = p.getPort();
            size[i] = outputSize.applyAsInt(p.getPort());
            spikeOffset[i] = -1;
            voltageOffset[i] = -1;
            if (p.getSpikes()) {
                spikeOffset[i] = spikeWords;
                spikeWords += SpikeBitsDescriptor.words(size[i]);
            }
            if (p.getVoltage()) {
                voltageOffset[i] = voltages;
                voltages += size[i];
            }
        }
        return new ProbeLayout(port, size, spikeOffset, voltageOffset, spikeWords, voltages);
    }

    public int probes() {
        return port.length;
    }

    public int port(int probe) {
        return port[probe];
    }

    public int size(int probe) {
        return size[probe];
    }

    public boolean hasSpikes(int probe) {
        return spikeOffset[probe] >= 0;
    }

    public boolean hasVoltage(int probe) {
        return voltageOffset[probe] >= 0;
    }

    /** First spike word of the probe within a step, or -1. */
    public int spikeOffset(int probe) {
        return spikeOffset[probe];
    }

    /** First voltage of the probe within a step, or -1. */
    public int voltageOffset(int probe) {
        return voltageOffset[probe];
    }

    public int spikeWordsPerStep() {
        return spikeWordsPerStep;
    }

    public int voltagesPerStep() {
        return voltagesPerStep;
    }

    /** The most bytes one step adds to a ProbeBatch: fixed32 bits, varint voltages and spikes_in. */
    public long maxBytesPerStep() {
        return 4L * spikeWordsPerStep + (long) ProtocolDescriptor.MAX_VARINT32_BYTES * (voltagesPerStep + 1);
    }

    /** Steps one frame of {@code maxFrameBytes} holds; 0 when not even one step fits. */
    public int stepsPerFrame(int maxFrameBytes) {
        long budget = maxFrameBytes - ProtocolDescriptor.FRAME_OVERHEAD_BYTES;
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, budget / maxBytesPerStep()));
    }
}
