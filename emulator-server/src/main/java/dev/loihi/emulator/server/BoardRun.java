package dev.loihi.emulator.server;

import dev.loihi.emulator.Emulator;
import dev.loihi.emulator.Warning;
import dev.loihi.proto.link.ErrorCode;
import dev.loihi.proto.link.Frame;
import dev.loihi.proto.link.RunDone;
import dev.loihi.proto.link.RunMode;
import dev.loihi.proto.link.RunSetup;
import dev.loihi.snips.PacketAssembler;
import dev.loihi.snips.SpikeBitsDescriptor;
import dev.loihi.snips.SpikeWordDescriptor;
import dev.loihi.snips.StepSpikes;
import dev.loihi.snips.wire.ErrorFrames;
import dev.loihi.snips.wire.ProbeBatchProxy;
import dev.loihi.snips.wire.ProbeLayout;
import java.util.Arrays;

/**
 * One run on the board side: packets into the chips' channels ({@link PacketAssembler}); when a
 * step's packets are all in, its spikes into the cores ({@link ChipIngress}), one emulator step,
 * and the probes into the output batch ({@link ProbeBatchProxy}). The step buffers are reused:
 * a step allocates nothing once they have grown.
 */
final class BoardRun {
    /** {@link #onPacket} result: the packet was refused; {@link #error()} says why. */
    static final int REFUSED = -1;

    private final RunSetup setup;
    private final ProbeLayout layout;
    private final ProbeBatchProxy probes;
    private final PacketAssembler assembler;
    private final Emulator emulator;
    private final StepIngress stepIngress;
    private final int chips;
    private final FrameSink out;
    private final int[] spikeBits;
    private final int[] voltages;
    private final int[] scratch;
    private long spikesIn;
    private Frame error;

    BoardRun(RunSetup setup, ProbeLayout layout, int stepsPerFrame, Emulator emulator, StepIngress stepIngress, int chips,
             FrameSink out) {
        this.setup = setup;
        this.layout = layout;
        this.probes = new ProbeBatchProxy(layout, stepsPerFrame, out::send);
        this.assembler = new PacketAssembler(chips, setup.getMaxSpikesPerStep());
        this.emulator = emulator;
        this.stepIngress = stepIngress;
        this.chips = chips;
        this.out = out;
        this.spikeBits = new int[layout.spikeWordsPerStep()];
        this.voltages = new int[layout.voltagesPerStep()];
        int largest = 0;
        for (int p = 0; p < layout.probes(); p++) {
            largest = Math.max(largest, layout.size(p));
        }
        this.scratch = new int[largest];
    }

    /** The step being assembled: the number of steps run so far. */
    long step() {
        return assembler.step();
    }

    /** All the run's steps have run. */
    boolean complete() {
        return assembler.step() == setup.getSteps();
    }

    /** The Error frame for the last {@link #REFUSED}. */
    Frame error() {
        return error;
    }

    /** One packet; runs the step when it completes one. 0, or {@link #REFUSED}. */
    int onPacket(long step, int chip, int packet, int packetCount, int[] words, int firstWord, int spikeCount) {
        int status = assembler.onPacket(step, chip, packet, packetCount, words, firstWord, spikeCount);
        if (status == PacketAssembler.INCOMPLETE) {
            return 0;
        }
        if (status < 0) {
            error = packetError(status, step, chip, packet, packetCount, spikeCount);
            return REFUSED;
        }
        return runStep();
    }

    /** Sends the outputs batched so far. */
    void flushOutput() {
        probes.flush();
    }

    /** The RunDone of this run, after the steps that ran. */
    Frame done(boolean stopped) {
        probes.flush();
        RunDone.Builder done = RunDone.newBuilder().setSteps(assembler.step()).setSpikesIn(spikesIn).setStopped(stopped);
        for (Warning w : emulator.warnings()) {
            done.addWarnings(w.text());
        }
        return Frame.newBuilder().setRunDone(done).build();
    }

    private int runStep() {
        long step = assembler.step();
        StepSpikes spikes = assembler.spikes();
        int applied = 0;
        for (int chip = 0; chip < spikes.chips(); chip++) {
            int[] words = spikes.words(chip);
            for (int s = 0, n = spikes.spikes(chip); s < n; s++) {
                int w = s * SpikeWordDescriptor.WORDS_PER_SPIKE;
                if (!stepIngress.add(chip, words[w], words[w + 1])) {
                    error = ErrorFrames.error(ErrorCode.BAD_SPIKE, "spike to an axon the chip lacks: step=" + step
                            + ", chip=" + chip + ", core=" + SpikeWordDescriptor.core(words[w])
                            + ", axon=" + SpikeWordDescriptor.axon(words[w])
                            + ", axonType=" + SpikeWordDescriptor.axonType(words[w + 1]), step);
                    return REFUSED;
                }
            }
            applied += spikes.spikes(chip);
        }
        stepIngress.inject(emulator);
        emulator.step();
        readProbes();
        spikesIn += applied;
        probes.step(step, spikeBits, voltages, applied);
        assembler.nextStep();
        if (setup.getMode() == RunMode.INTERACTIVE) {
            probes.flush();
            out.flush();
        }
        return 0;
    }

    private void readProbes() {
        Arrays.fill(spikeBits, 0);
        for (int p = 0; p < layout.probes(); p++) {
            int port = layout.port(p);
            if (layout.hasSpikes(p)) {
                int n = emulator.readSpikes(port, scratch);
                int offset = layout.spikeOffset(p);
                for (int i = 0; i < n; i++) {
                    SpikeBitsDescriptor.set(spikeBits, offset, scratch[i]);
                }
            }
            if (layout.hasVoltage(p)) {
                emulator.readVoltage(port, scratch);
                System.arraycopy(scratch, 0, voltages, layout.voltageOffset(p), layout.size(p));
            }
        }
    }

    private Frame packetError(int status, long step, int chip, int packet, int packetCount, int spikeCount) {
        long expectedStep = assembler.step();
        String at = "step=" + step + ", chip=" + chip + ", packet=" + packet + ", packetsInStep=" + packetCount;
        return switch (status) {
            case PacketAssembler.OVER_CAP -> ErrorFrames.error(ErrorCode.SNIP_OVERFLOW, "spike packet over the channel cap: "
                    + at + ", spikes=" + spikeCount + ", cap=" + assembler.maxSpikesPerStep(), step);
            case PacketAssembler.BAD_CHIP -> ErrorFrames.error(ErrorCode.BAD_SPIKE, "spike packet for a missing chip: "
                    + at + ", chips=" + chips, step);
            default -> ErrorFrames.error(ErrorCode.STEP_OUT_OF_ORDER, "spike packet out of order: " + at
                    + ", expectedStep=" + expectedStep + (chip >= 0 && chip < chips
                    ? ", expectedPacket=" + assembler.expectedPacket(chip) : ""), expectedStep);
        };
    }
}
