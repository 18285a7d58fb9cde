package dev.loihi.host;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loihi.common.LoihiException;
import dev.loihi.compiler.io.SpikeTrains;
import dev.loihi.image.Image;
import dev.loihi.image.OutputPort;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.ChannelReport;
import dev.loihi.snips.link.BoardLink;
import dev.loihi.snips.link.LinkOptions;
import dev.loihi.snips.link.ProbeSpec;
import dev.loihi.snips.link.ProbeTrace;
import dev.loihi.snips.link.RunResult;
import dev.loihi.snips.link.RunSpec;
import dev.loihi.snips.link.SpikeSchedule;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs an image whose inputs take spikes as they are (a NIR graph or a native network: input
 * encoding NONE) on one link: each sample's spike trains from a reset state, and the image's
 * first output read back as spike counts per output neuron, or, for a READOUT output, as the
 * sum of its per-step values. The prediction is the argmax (the first of equal maxima).
 */
public final class SpikeTrainRunner implements AutoCloseable {

    private final BoardLink link;
    private final Image image;
    private final ChannelConfig channel;
    private final int outputPort;
    private final boolean voltage;
    private final double readoutScale;
    private final int readoutDecayV;

    /** One sample's outcome: per output neuron its spike count (or summed value), and the class. */
    public record Outcome(double[] outputs, int prediction, long inputSpikes, ChannelReport channel) {}

    private SpikeTrainRunner(BoardLink link, Image image, ChannelConfig channel) {
        this.link = link;
        this.image = image;
        this.channel = channel;
        JsonNode meta = ImageInfo.metadataOf(image);
        if (!"NONE".equals(meta.path("encoding").path("kind").asText())) {
            throw new LoihiException(HostErrors.IMAGE_NOT_SPIKE_DRIVEN, "image inputs are rate-encoded, not spike-driven: encoding="
                    + meta.path("encoding").path("kind").asText("none"));
        }
        if (image.outputs().isEmpty() || image.inputs().isEmpty()) {
            throw new LoihiException(HostErrors.IMAGE_NOT_SPIKE_DRIVEN, "image needs an input and an output port: inputs="
                    + image.inputs().size() + ", outputs=" + image.outputs().size());
        }
        this.outputPort = 0;
        OutputPort out = image.outputs().get(0);
        this.voltage = out.kind() == OutputPort.Kind.VOLTAGE;
        JsonNode outMeta = meta.path("outputs").path(0);
        this.readoutScale = outMeta.path("scale").asDouble(1);
        this.readoutDecayV = outMeta.path("decayV").asInt(4095);
    }

    /** True when {@code image} takes input spikes as they are. */
    public static boolean applies(Image image) {
        return "NONE".equals(ImageInfo.metadataOf(image).path("encoding").path("kind").asText());
    }

    /** Opens a link to {@code target} (null: the in-process emulator) and uploads the image. */
    public static SpikeTrainRunner open(Image image, String target, LinkOptions options, ChannelConfig channel) {
        BoardLink link = Targets.open(target, options);
        try {
            link.connect();
            link.upload(image);
            return new SpikeTrainRunner(link, image, channel);
        } catch (RuntimeException e) {
            try {
                link.close();
            } catch (RuntimeException c) {
                e.addSuppressed(c);
            }
            throw e;
        }
    }

    /** Axons of the image's inputs, all ports together in port order. */
    public int inputs() {
        return image.inputs().stream().mapToInt(p -> p.axons()).sum();
    }

    public int outputSize() {
        return image.outputs().get(outputPort).size();
    }

    public List<Outcome> run(SpikeTrains trains) {
        if (trains.inputs() != inputs()) {
            throw new LoihiException(HostErrors.IMAGE_NOT_SPIKE_DRIVEN, "spike trains have the wrong number of inputs: file="
                    + trains.source() + ", inputs=" + trains.inputs() + ", expected=" + inputs());
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (int n = 0; n < trains.samples(); n++) {
            outcomes.add(present(trains.spikeTimes(n), trains.steps()));
        }
        return outcomes;
    }

    /** One sample: 1-based spike steps per input axon (axons of all ports in port order). */
    public Outcome present(int[][] spikeTimes, int steps) {
        SpikeSchedule.Builder schedule = SpikeSchedule.builder(steps);
        long sent = 0;
        int axon = 0;
        for (int port = 0; port < image.inputs().size(); port++) {
            for (int a = 0; a < image.inputs().get(port).axons(); a++, axon++) {
                for (int t : spikeTimes[axon]) {
                    // Schedule steps are 0-based: the spike of step t reaches q at step t + 1 (LOIHI.md).
                    schedule.add(t - 1, port, a);
                    sent++;
                }
            }
        }
        RunSpec spec = RunSpec.of(steps, channel).withResetState(true)
                .withProbes(List.of(new ProbeSpec(outputPort, !voltage, voltage)));
        RunResult result = link.runPrecompute(spec, schedule.build());
        ProbeTrace trace = result.probe(outputPort);
        double[] outputs = new double[outputSize()];
        for (int j = 0; j < outputs.length; j++) {
            outputs[j] = voltage ? readoutSum(trace, j, steps) : 0;
        }
        if (!voltage) {
            int[] counts = trace.spikeCountsPerIndex();
            for (int j = 0; j < outputs.length; j++) {
                outputs[j] = counts[j];
            }
        }
        return new Outcome(outputs, Evaluation.argmax(outputs), sent, result.channel());
    }

    /** The readout's values summed over the steps: v less the share of the previous v the chip keeps. */
    private double readoutSum(ProbeTrace trace, int j, int steps) {
        long previous = 0;
        long total = 0;
        for (int t = 0; t < steps; t++) {
            long v = trace.voltage(t, j);
            long kept = (Math.abs(previous) * (4096 - readoutDecayV)) >> 12;
            total += v - (previous < 0 ? -kept : kept);
            previous = v;
        }
        return total / readoutScale;
    }

    @Override
    public void close() {
        link.close();
    }
}
