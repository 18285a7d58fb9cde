package dev.loihi.compiler.pack;

import dev.loihi.compiler.discretize.DiscreteBlock;
import dev.loihi.compiler.discretize.DiscreteNetwork;
import dev.loihi.compiler.net.Input;
import dev.loihi.compiler.net.InputEncoding;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.compiler.report.CompileReport;
import dev.loihi.compiler.report.Json;
import dev.loihi.image.ChipLimits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON the compiler stores in {@link dev.loihi.image.Image#metadata()}: what the host needs
 * to drive and read the image, and the layer report. Keys are sorted, so the same compilation
 * gives the same bytes.
 *
 * <pre>
 * metadataVersion  1
 * network          the network's name
 * settings         {chips, dtSeconds}: the compile options that shaped the image
 * encoding         {kind, features, scale, copies, outputActivation, windowSteps (phase code only),
 *                  maxSteps (only when bounded: the longest presentation the host may run),
 *                  readoutParts (only above 1: the host sums output j over compartments
 *                  p x outputs + j of the readout)} or
 *                  null: how inputs become spikes
 * inputs           [{name, axons}] in input-port order
 * outputs          [{name, kind, size}] in output-port order; VOLTAGE outputs add
 *                  scale (value = v / scale) and decayV: a readout's v keeps
 *                  sign(v') * ((|v'| * (4096 - decayV)) >> 12) of the previous step's v', which
 *                  the host subtracts before dividing (exact, as v never clips)
 * layers           the report's layer rows
 * placement        {chipsUsed, cores, routes, interChipRoutes}
 * conversion       how the normalization was chosen, each candidate's score and each layer's
 *                  clipped and lost fractions ({@link dev.loihi.compiler.report.ConversionReport});
 *                  absent for a network that was not converted from a model
 * warnings         [{code, layer, message}]: the compile warnings, for whoever gets only the image
 * </pre>
 */
public final class ImageMetadata {
    public static final int VERSION = 1;

    private ImageMetadata() {}

    public static String json(DiscreteNetwork network, CompileReport report, int chips, double dtSeconds) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("metadataVersion", VERSION);
        json.put("network", network.name());
        json.put("settings", Map.of("chips", chips, "dtSeconds", dtSeconds));
        json.put("encoding", encoding(network.encoding()));
        List<Object> inputs = new ArrayList<>();
        for (Input input : network.inputs()) {
            inputs.add(Map.of("name", input.name(), "axons", input.n()));
        }
        json.put("inputs", inputs);
        List<Object> outputs = new ArrayList<>();
        for (String name : network.outputs()) {
            outputs.add(output(network.blocks().get(network.blockIndex(name))));
        }
        json.put("outputs", outputs);
        json.put("layers", report.layers());
        json.put("placement", Map.of("chipsUsed", report.utilization().chipsUsed(), "cores",
                report.utilization().cores(), "routes", report.utilization().routes(), "interChipRoutes",
                report.utilization().interChipRoutes()));
        if (report.conversion() != null) {
            json.put("conversion", report.conversion());
        }
        json.put("warnings", report.warnings());
        return Json.write(json);
    }

    private static Object encoding(InputEncoding encoding) {
        if (encoding == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", encoding.kind() == null ? null : encoding.kind().name());
        json.put("features", encoding.features());
        json.put("scale", encoding.scale());
        json.put("copies", encoding.copies());
        json.put("outputActivation", encoding.outputActivation());
        if (encoding.windowSteps() > 0) {
            json.put("windowSteps", encoding.windowSteps());
        }
        if (encoding.maxSteps() > 0) {
            json.put("maxSteps", encoding.maxSteps());
        }
        if (encoding.readoutParts() > 1) {
            json.put("readoutParts", encoding.readoutParts());
        }
        return json;
    }

    private static Object output(DiscreteBlock block) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", block.name());
        json.put("size", block.n());
        boolean readout = block.type() == NeuronType.READOUT;
        json.put("kind", readout ? "VOLTAGE" : "SPIKES");
        if (readout) {
            json.put("scale", block.scale());
            json.put("decayV", block.decayV());
            json.put("decayOne", ChipLimits.DECAY_ONE);
        }
        return json;
    }
}
