package dev.loihi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loihi.compiler.CompileOptions;
import dev.loihi.compiler.Compiler;
import dev.loihi.compiler.ModelLoader;
import dev.loihi.compiler.nir.NirImport;
import dev.loihi.image.Image;
import dev.loihi.image.ImageReader;
import dev.loihi.image.ImageStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
        description = "Describe a compiled image (or a NIR graph, compiled first): chips, cores and layers.",
        footerHeading = "%nExamples:%n",
        footer = {
                "  loihi inspect model.img",
                "  loihi inspect model.img --json"})
public final class InspectCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Compiled register image, or a NIR graph (compiled at --dt first).")
    Path imageFile;

    @Mixin
    NirTimeOptions time;

    @Option(names = "--json", description = "Machine-readable summary.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Image image;
        NirImport nir = null;
        if (ModelLoader.kind(imageFile) == ModelLoader.Kind.NIR) {
            nir = ModelLoader.nir(imageFile, null, null, time.options());
            image = Compiler.compile(nir.network(), CompileOptions.builder().dtSeconds(time.options().dtSeconds())
                    .build()).image();
        } else {
            image = ImageReader.read(imageFile);
        }
        ObjectNode root = describe(image);
        if (nir != null) {
            root.set("nir_nodes", JSON.valueToTree(nir.nodes()));
            root.set("nir_warnings", JSON.valueToTree(nir.warnings()));
            if (!json) {
                NirReport.print(nir, out);
            }
        }
        if (json) {
            out.println(JSON.writeValueAsString(root));
            return 0;
        }
        out.printf("image %s: %d chip(s), %d core(s)%n", imageFile, root.get("chips").asInt(), image.cores().size());
        printEncoding(out, root.path("metadata"));
        out.printf("%-24s %6s %8s %16s %12s %s%n", "layer", "cores", "routes", "weight_rms_error", "syn_bits", "as_dense");
        for (var layer : root.get("layers")) {
            out.printf("%-24s %6d %8d %16s %12d %s%n", layer.get("name").asText(), layer.get("cores").asInt(),
                    layer.get("routes").asLong(),
                    layer.get("weight_rms_error").isNull() ? "-" : String.format("%.4f", layer.get("weight_rms_error").asDouble()),
                    layer.get("synapse_bits").asLong(), layer.get("dense_synapse_bits").isNull() ? "-"
                            : Long.toString(layer.get("dense_synapse_bits").asLong()));
        }
        out.printf("%5s %5s %-20s %6s %6s %6s %10s%n", "chip", "core", "layer", "cx", "in_ax", "out_ax", "syn_bits");
        for (var core : root.get("cores")) {
            out.printf("%5d %5d %-20s %6d %6d %6d %10d%n", core.get("chip").asInt(), core.get("core").asInt(),
                    core.get("layer").asText(), core.get("compartments").asInt(), core.get("input_axons").asInt(),
                    core.get("output_axons").asInt(), core.get("synapse_bits").asLong());
        }
        JsonNode warnings = root.path("warnings");
        if (!warnings.isEmpty()) {
            out.printf("compile warnings (%d):%n", warnings.size());
            for (JsonNode w : warnings) {
                out.printf("  [%s] %s%n", w.path("code").asText(), w.path("message").asText());
            }
        }
        return 0;
    }

    /** What a user needs to feed the image: input width and encoding, and the classes it tells apart. */
    private static void printEncoding(PrintWriter out, JsonNode meta) {
        JsonNode encoding = meta.path("encoding");
        if (encoding.isObject()) {
            out.printf("input: %d features, encoding %s (scale %s, %d copies per feature)%n",
                    encoding.path("features").asInt(), encoding.path("kind").asText("-"),
                    encoding.path("scale").asText(), encoding.path("copies").asInt());
            // the metadata's keys are snake case here (SnakeCaseKeys)
            out.println(encoding.has("max_steps") ? "presentations: at most " + encoding.path("max_steps").asText()
                    + " steps (longer ones are refused: compile with --max-steps to change it)"
                    : "presentations: any length");
        } else {
            out.println("input: no encoding (a native network: inputs are spikes on its input axons)");
        }
        int parts = encoding.path("readout_parts").asInt(1);
        for (JsonNode o : meta.path("outputs")) {
            int size = o.path("size").asInt();
            boolean voltage = "VOLTAGE".equals(o.path("kind").asText());
            int outputs = voltage ? size / Math.max(1, parts) : size;
            out.printf("output %s: %s, %d unit(s)%s%s%n", o.path("name").asText(), o.path("kind").asText(), size,
                    voltage ? ", " + (outputs == 1 ? 2 : outputs) + " classes" : "",
                    voltage && parts > 1 ? " (each summed over " + parts + " parts)" : "");
        }
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
        Map<String, Long> bitsPerLayer = new LinkedHashMap<>();
        stats.forEach(c -> bitsPerLayer.merge(c.layer(), c.synapseBits(), Long::sum));
        // Spike traffic between cores: one message per route each time the route's neuron spikes.
        Map<String, Long> routesPerLayer = new LinkedHashMap<>();
        stats.forEach(c -> routesPerLayer.merge(c.layer(), (long) image.cores().get(c.core()).routes(), Long::sum));
        Map<String, Long> denseBits = new LinkedHashMap<>();
        Map<String, Double> rms = new LinkedHashMap<>();
        var meta = image.metadata() == null || image.metadata().isBlank() ? null : metadata(image.metadata(), "image");
        if (meta != null && meta.has("layers")) {
            for (var layer : meta.get("layers")) {
                if (layer.has("name") && layer.has("weightRmsError")) {
                    rms.put(layer.get("name").asText(), layer.get("weightRmsError").asDouble());
                }
                if (layer.has("name") && layer.has("denseSynapseBits")) {
                    denseBits.put(layer.get("name").asText(), layer.get("denseSynapseBits").asLong());
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
            n.put("routes", routesPerLayer.get(e.getKey()));
            n.put("synapse_bits", bitsPerLayer.get(e.getKey()));
            // what discrete axons would take (metadata of images compiled since shared weights; null before)
            Long dense = denseBits.get(e.getKey());
            if (dense == null) {
                n.putNull("dense_synapse_bits");
            } else {
                n.put("dense_synapse_bits", dense);
            }
        }
        if (meta != null) {
            JsonNode snake = SnakeCaseKeys.of(meta);
            root.set("warnings", snake.path("warnings").isArray() ? snake.get("warnings") : JSON.createArrayNode());
            root.set("metadata", snake);
        } else {
            root.putArray("warnings");
        }
        return root;
    }

    /** The image's metadata JSON; IMAGE_CORRUPT when it does not parse (nesting beyond Jackson's 1000 levels included). */
    private static com.fasterxml.jackson.databind.JsonNode metadata(String text, Object file) {
        try {
            return JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new dev.loihi.common.LoihiException(dev.loihi.image.ImageErrors.IMAGE_CORRUPT,
                    "image metadata is not valid JSON: " + file + ", reason="
                    + dev.loihi.common.MessageText.printable(dev.loihi.common.MessageText.oneLine(e.getOriginalMessage())));
        }
    }
}
