package dev.loihi.host;

import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.ChannelReport;
import dev.loihi.snips.link.BoardLink;
import dev.loihi.snips.link.ProbeSpec;
import dev.loihi.snips.link.ProbeTrace;
import dev.loihi.snips.link.RunResult;
import dev.loihi.snips.link.RunSpec;
import dev.loihi.snips.link.SpikeSchedule;

import java.util.Arrays;
import java.util.List;

/**
 * Shows inputs to an uploaded image one at a time: state reset, {@code steps} steps of rate-coded
 * spikes (precompute mode), and the readout summed over the steps after {@code settleSteps}.
 * The settling period skips the pipeline delay (a spike needs one step per layer to reach the
 * readout) and the first-spike transient, which would otherwise bias every class score.
 */
public final class Presenter {
    private final BoardLink link;
    private final ImageInfo info;
    private final RateEncoder encoder;
    private final ChannelConfig channel;
    /** The schedule's arrays, filled anew for each input (a presenter runs one input at a time). */
    private int[] stepStart = new int[0];
    private int[] ports = new int[0];
    private int[] scheduledAxons = new int[0];

    public Presenter(BoardLink link, ImageInfo info, RateEncoder encoder, ChannelConfig channel) {
        this.link = link;
        this.info = info;
        this.encoder = encoder;
        this.channel = channel;
    }

    /** The readout of one input: the class scores and the run's channel report. */
    public record Presentation(double[] scores, int inputSpikes, ChannelReport channel,
                               List<String> warnings) {}

    public Presentation present(double[] x, int steps, int settleSteps) {
        Run run = run(x, steps);
        return new Presentation(readout(run.trace(), settleSteps, steps), run.sent(), run.result().channel(),
                run.result().warnings());
    }

    /**
     * The readouts of one input at several presentation lengths from one presentation of the
     * longest: the encoder and the state start afresh each time, so the first T steps of a long
     * presentation are exactly a presentation of T steps, and the readout of length {@code steps[k]}
     * (settling {@code settles[k]}) is the one {@link #present} would give.
     */
    public double[][] readouts(double[] x, int[] steps, int[] settles) {
        int longest = java.util.Arrays.stream(steps).max().orElse(0);
        ProbeTrace trace = run(x, longest).trace();
        double[][] out = new double[steps.length][];
        for (int k = 0; k < steps.length; k++) {
            out[k] = readout(trace, settles[k], steps[k]);
        }
        return out;
    }

    private record Run(RunResult result, ProbeTrace trace, int sent) {}

    private Run run(double[] x, int steps) {
        info.checkSteps(steps);
        encoder.present(x);
        if (stepStart.length < steps + 1) {
            stepStart = new int[steps + 1];
        }
        int sent = 0;
        // Schedule steps are 0-based: spikes of step t reach q at step t + 1 (LOIHI.md).
        for (int t = 0; t < steps; t++) {
            stepStart[t] = sent;
            if (sent + encoder.axons() > scheduledAxons.length) {
                scheduledAxons = Arrays.copyOf(scheduledAxons, Math.max(sent + encoder.axons(), 2 * scheduledAxons.length));
                // every spike goes to input port 0: the grown part is zeros, as it must be
                ports = Arrays.copyOf(ports, scheduledAxons.length);
            }
            sent += encoder.next(scheduledAxons, sent);
        }
        stepStart[steps] = sent;
        SpikeSchedule schedule = SpikeSchedule.inStepOrder(steps, stepStart, ports, scheduledAxons);
        RunSpec spec = RunSpec.of(steps, channel).withResetState(true)
                .withProbes(List.of(new ProbeSpec(info.readoutPort(), false, true)));
        RunResult result = link.runPrecompute(spec, schedule);
        return new Run(result, result.probe(info.readoutPort()), sent);
    }

    /**
     * The readout's mean input per step over steps [settleSteps, steps) of a trace; for a
     * phase-coded image the sum over all steps, which is final once the pipeline has run.
     */
    private double[] readout(ProbeTrace trace, int settleSteps, int steps) {
        if (info.phaseCoded()) {
            settleSteps = 0;
        }
        double[] sum = new double[info.readoutSize()];
        for (int j = 0; j < sum.length; j++) {
            long total = 0;
            // a readout wider than a core is summed over its parts, compartments p x outputs + j
            for (int part = 0; part < info.readoutParts(); part++) {
                int compartment = part * sum.length + j;
                long previous = 0;
                for (int t = 0; t < steps; t++) {
                    long v = trace.voltage(t, compartment);
                    // v keeps a decayed share of the previous step's v; remove it to get this step's input.
                    if (t >= settleSteps) {
                        total += v - info.kept(previous);
                    }
                    previous = v;
                }
            }
            sum[j] = total / info.readoutScale() / (info.phaseCoded() ? 1 : Math.max(1, steps - settleSteps));
        }
        return info.phaseCoded() ? info.phase().output(sum) : sum;
    }
}
