package dev.loihi.board.nativelink;

import dev.loihi.snips.SnipErrors;
import dev.loihi.common.LoihiException;
import dev.loihi.proto.link.Frame;
import dev.loihi.proto.link.ProbeBatch;
import java.util.Arrays;

/**
 * Gathers one step of driver output into the {@code ProbeBatch} a board sends over TCP: the
 * step's spike-bit chunks as they arrive, then at STEP_DONE the voltages from probe memory.
 * The driver keeps ProbeBatch's order (probe after probe in RunSetup order), so the words pass
 * through unchanged and the host's RunRecorder checks them as it checks any board's.
 */
final class StepOutputCollector {
    private final boolean voltageProbed;
    private int[] bits = new int[64];
    private int bitsFilled;
    private int nextChunk;
    private int[] voltages = new int[64];

    StepOutputCollector(boolean voltageProbed) {
        this.voltageProbed = voltageProbed;
    }

    /** Takes the SPIKE_BITS chunk the board last read. */
    void spikeBits(NativeBoard board) {
        if (board.packetIndex() != nextChunk || board.packetIndex() >= board.packetCount()) {
            throw new LoihiException(SnipErrors.LINK_PROTOCOL, "spike bits out of order: step=" + board.packetStep()
                    + ", chunk=" + board.packetIndex() + ", chunks=" + board.packetCount() + ", expected=" + nextChunk
                    + ", library=" + board.driver().library());
        }
        int n = board.packetWords();
        if (bits.length < bitsFilled + n) {
            bits = Arrays.copyOf(bits, Math.max(bitsFilled + n, 2 * bits.length));
        }
        board.copyValues(bits, bitsFilled, n);
        bitsFilled += n;
        nextChunk = board.packetIndex() + 1 == board.packetCount() ? 0 : board.packetIndex() + 1;
    }

    /** The step's ProbeBatch, after the STEP_DONE the board last read. */
    Frame stepDone(NativeBoard board) {
        long step = board.packetStep();
        if (nextChunk != 0) {
            throw new LoihiException(SnipErrors.LINK_PROTOCOL, "step done before its spike bits: step=" + step
                    + ", chunk=" + nextChunk + ", library=" + board.driver().library());
        }
        ProbeBatch.Builder batch = ProbeBatch.newBuilder().setFirstStep(step).setSteps(1);
        for (int i = 0; i < bitsFilled; i++) {
            batch.addSpikeBits(bits[i]);
        }
        if (voltageProbed) {
            int n = board.readVoltages();
            if (n < 0) {
                throw new LoihiException(SnipErrors.LINK_PROTOCOL, "step done without its voltages: step=" + step
                        + ", library=" + board.driver().library());
            }
            if (voltages.length < n) {
                voltages = new int[Math.max(n, 2 * voltages.length)];
            }
            board.copyValues(voltages, 0, n);
            for (int i = 0; i < n; i++) {
                batch.addVoltage(voltages[i]);
            }
        }
        batch.addSpikesIn((int) board.packetSpikesIn());
        clear();
        return Frame.newBuilder().setProbes(batch).build();
    }

    /** Forgets a partly gathered step (the run was stopped or failed). */
    void clear() {
        bitsFilled = 0;
        nextChunk = 0;
    }
}
