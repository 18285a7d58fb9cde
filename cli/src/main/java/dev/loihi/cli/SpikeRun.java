package dev.loihi.cli;

import dev.loihi.compiler.CompilerErrors;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loihi.cli.config.LoihiSettings;
import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.ModelLoader;
import dev.loihi.compiler.io.EventSpikes;
import dev.loihi.compiler.io.NpyReader;
import dev.loihi.compiler.io.SpikeTrains;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.nir.NirImport;
import dev.loihi.host.DataFiles;
import dev.loihi.host.Evaluation;
import dev.loihi.host.SpikeTrainRunner;
import dev.loihi.image.Image;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * run and evaluate for spike-driven models (a NIR graph, or an image compiled from one): inputs
 * as spike trains (.npy N x T x inputs of 0/1) or rate-coded values (one row per input, spikes
 * at rate x per step for --steps-per-input steps), outputs as spike counts per output neuron
 * (or a readout's summed value), argmax as the class.
 */
final class SpikeRun {
    private SpikeRun() {}

    /** True for a NIR graph, a native network, or an image whose inputs take spikes as they are. */
    static boolean applies(ModelOptions model) {
        ModelLoader.Kind kind = model.kind();
        return kind == ModelLoader.Kind.NIR || kind == ModelLoader.Kind.NATIVE
                || kind == ModelLoader.Kind.IMAGE && SpikeTrainRunner.applies(ModelLoader.image(model.model, model.weights));
    }

    /**
     * The image to run: a NIR graph compiled at --dt (its node report printed), a native network
     * compiled as compile would, or the image as it is.
     */
    static Image image(ModelOptions model, LoihiSettings settings, PrintWriter out) {
        if (model.kind() == ModelLoader.Kind.IMAGE) {
            return ModelLoader.image(model.model, model.weights);
        }
        Network network;
        if (model.isNir()) {
            NirImport nir = model.nir();
            NirReport.print(nir, out);
            network = nir.network();
        } else {
            network = model.network();
        }
        return Compiler.compile(network, CompileOptions.builder().chips(settings.nChips())
                .dtSeconds(model.dtSeconds()).build()).image();
    }

    /**
     * Spike trains as given (a 3-D .npy, or NIR event data in a .npz binned at {@code dtSeconds}),
     * or rate-coded values of {@code stepsPerInput} steps.
     */
    static SpikeTrains inputs(Path input, int axons, int stepsPerInput, double dtSeconds) {
        if (EventSpikes.applies(input)) {
            return EventSpikes.read(input, axons, dtSeconds);
        }
        if (input.toString().endsWith(".npy") && NpyReader.read(input, 3).rank() == 3) {
            return SpikeTrains.read(input, axons);
        }
        double[][] x = DataFiles.matrix(input);
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != axons) {
                throw new LoihiException(CompilerErrors.INPUT_SHAPE, "input has the wrong width: file=" + input + ", row=" + i
                        + ", width=" + x[i].length + ", expected=" + axons);
            }
        }
        return SpikeTrains.rateCoded(x, stepsPerInput, input.toString());
    }

    /**
     * Spike trains as given, cut to {@code steps} (a 3-D .npy), or rate-coded values of
     * {@code steps} steps: what evaluate presents at one length.
     */
    static SpikeTrains inputsOfLength(Path input, int axons, int steps, double dtSeconds) {
        SpikeTrains trains = inputs(input, axons, steps, dtSeconds);
        return trains.steps() == steps ? trains : trains.prefix(steps);
    }

    /** The step an image stands for (its settings.dtSeconds), what NIR event times are binned at. */
    static double dtSeconds(Image image) {
        try {
            JsonNode dt = new ObjectMapper().readTree(image.metadata() == null ? "{}" : image.metadata())
                    .path("settings").path("dtSeconds");
            return dt.isNumber() ? dt.asDouble() : CompileOptions.DEFAULT_DT_SECONDS;
        } catch (JsonProcessingException e) {
            return CompileOptions.DEFAULT_DT_SECONDS;
        }
    }

    /** Runs every sample; the results JSON (R.json) with output_spike_counts or output_values. */
    static ObjectNode run(SpikeTrainRunner runner, SpikeTrains trains, Path labels, boolean spikes) {
        List<SpikeTrainRunner.Outcome> outcomes = runner.run(trains);
        int[] predictions = outcomes.stream().mapToInt(SpikeTrainRunner.Outcome::prediction).toArray();
        ObjectNode r = RunCommand.JSON.createObjectNode();
        r.put("steps_per_input", trains.steps());
        r.put("inputs", trains.samples());
        r.set("predictions", RunCommand.JSON.valueToTree(predictions));
        r.set(spikes ? "output_spike_counts" : "output_values",
                RunCommand.JSON.valueToTree(outcomes.stream().map(o -> spikes ? toInts(o.outputs()) : o.outputs()).toList()));
        r.put("input_spikes", outcomes.stream().mapToLong(SpikeTrainRunner.Outcome::inputSpikes).sum());
        r.put("output_spikes", spikes ? outcomes.stream().mapToDouble(o -> sum(o.outputs())).sum() : 0);
        if (labels != null) {
            int[] y = DataFiles.labels(labels, trains.samples());
            DataFiles.checkClasses(y, Math.max(2, runner.outputSize()), labels);
            r.put("accuracy", Evaluation.agreement(predictions, y));
        }
        return r;
    }

    private static Object toInts(double[] v) {
        int[] out = new int[v.length];
        for (int j = 0; j < v.length; j++) {
            out[j] = (int) v[j];
        }
        return out;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}
