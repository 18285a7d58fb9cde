package dev.loihi.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loihi.image.Image;
import dev.loihi.image.ImageReader;
import dev.loihi.image.ImageStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Describe a compiled image: chips, cores and layers.")
public final class InspectCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Compiled register image.")
    Path imageFile;

    @Option(names = "--json", description = "Machine-readable summary.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Image image = ImageReader.read(imageFile);
        ObjectNode root = describe(image);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JSON.writeValueAsString(root));
            return 0;
        }
        out.printf("image %s: %d chip(s), %d core(s)%n", imageFile, root.get("chips").asInt(), image.cores().size());
        out.printf("%-24s %6s %s%n", "layer", "cores", "weight_rms_error");
        for (var layer : root.get("layers")) {
            out.printf("%-24s %6d %s%n", layer.get("name").asText(), layer.get("cores").asInt(),
                    layer.get("weight_rms_error").isNull() ? "-" : String.format("%.4f", layer.get("weight_rms_error").asDouble()));
        }
        out.printf("%5s %5s %-20s %6s %6s %6s %10s%n", "chip", "core", "layer", "cx", "in_ax", "out_ax", "syn_bits");
        for (var core : root.get("cores")) {
            out.printf("%5d %5d %-20s %6d %6d %6d %10d%n", core.get("chip").asInt(), core.get("core").asInt(),
                    core.get("layer").asText(), core.get("compartments").asInt(), core.get("input_axons").asInt(),
                    core.get("output_axons").asInt(), core.get("synapse_bits").asLong());
        }
        return 0;
    }

    static ObjectNode describe(Image image) throws Exception {
        ObjectNode root = JSON.createObjectNode();
        root.put("format_version", Image.FORMAT_VERSION);
        root.put("chips", image.chips());
        ArrayNode cores = root.putArray("cores");
        Map<String, Integer> coresPerLayer = new LinkedHashMap<>();
        List<ImageStats.CoreStats> stats = ImageStats.perCore(image);
        for (ImageStats.CoreStats c : stats) {
            ObjectNode n = cores.addObject();
            n.put("index", c.core());
            n.put("chip", c.chip());
            n.put("core", c.coreOnChip());
            n.put("layer", c.layer());
            n.put("compartments", c.compartments());
            n.put("input_axons", c.inputAxons());
            n.put("output_axons", c.outputAxonSlots());
            n.put("synapses", c.synapses());
            n.put("synapse_bits", c.synapseBits());
            coresPerLayer.merge(c.layer(), 1, Integer::sum);
        }
        Map<String, Double> rms = new LinkedHashMap<>();
        var meta = image.metadata() == null || image.metadata().isBlank() ? null : metadata(image.metadata(), "image");
        if (meta != null && meta.has("layers")) {
            for (var layer : meta.get("layers")) {
                if (layer.has("name") && layer.has("weightRmsError")) {
                    rms.put(layer.get("name").asText(), layer.get("weightRmsError").asDouble());
                }
            }
        }
        ArrayNode layers = root.putArray("layers");
        for (var e : coresPerLayer.entrySet()) {
            ObjectNode n = layers.addObject();
            n.put("name", e.getKey());
            n.put("cores", e.getValue());
            Double r = rms.get(e.getKey());
            if (r == null) {
                n.putNull("weight_rms_error");
            } else {
                n.put("weight_rms_error", r);
            }
        }
        if (meta != null) {
            root.set("metadata", meta);
        }
        return root;
    }

    /** The image's metadata JSON; IMAGE_CORRUPT when it does not parse (nesting beyond Jackson's 1000 levels included). */
    private static com.fasterxml.jackson.databind.JsonNode metadata(String text, Object file) {
        try {
            return JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new dev.loihi.common.LoihiException(dev.loihi.image.ImageErrors.CORRUPT,
                    "image metadata is not valid JSON: " + file + ", reason="
                    + dev.loihi.common.MessageText.printable(dev.loihi.common.MessageText.oneLine(e.getOriginalMessage())));
        }
    }
}
