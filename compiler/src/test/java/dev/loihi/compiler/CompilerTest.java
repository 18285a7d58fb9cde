package dev.loihi.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loihi.common.LoihiException;
import dev.loihi.compiler.discretize.DiscreteBlock;
import dev.loihi.compiler.discretize.DiscreteConnection;
import dev.loihi.compiler.discretize.DiscreteNetwork;
import dev.loihi.compiler.discretize.Discretizer;
import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.Input;
import dev.loihi.compiler.net.InputEncoding;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.compiler.pack.Packer;
import dev.loihi.compiler.report.ConversionReport;
import dev.loihi.compiler.report.Diagnostics;
import dev.loihi.image.CompartmentProfile;
import dev.loihi.image.CoreImage;
import dev.loihi.image.Image;
import dev.loihi.image.ImageReader;
import dev.loihi.image.ImageWriter;
import dev.loihi.image.OutputPort;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompilerTest {
    /** Hidden layers wide enough to be cut over cores by synapse memory and by compartments. */
    private static final Network SPLIT = TestNetworks.dense(7, 16, 300, 1100, 300, 5);
    private static CompileResult splitResult;

    /** One compilation of SPLIT shared by the tests that only read it. */
    private static synchronized CompileResult split() {
        if (splitResult == null) {
            splitResult = Compiler.compile(SPLIT);
        }
        return splitResult;
    }

    @Test
    void shouldCompileTwiceToEqualImages() {
        Image a = Compiler.compile(SPLIT).image();
        Image b = Compiler.compile(SPLIT).image();
        assertEquals(a, b);
        assertEquals(a.metadata(), b.metadata());
    }

    @Test
    void shouldCompileTwiceToByteIdenticalFiles() {
        assertArrayEquals(ImageWriter.write(Compiler.compile(SPLIT).image()),
                ImageWriter.write(Compiler.compile(SPLIT).image()));
    }

    /** The search stamps its report after running the image: the bytes a fresh compile with the report gives. */
    @Test
    void shouldStampAConversionReportOntoACompiledNetworkAsAFreshCompileWould() {
        ConversionReport forced = new ConversionReport(ConversionReport.FORCED, 99.9, 1.0, 3, 4, List.of(), 0,
                List.of(), null, 0, List.of());
        Compiled built = Compiler.build(SPLIT, CompileOptions.defaults());
        assertArrayEquals(ImageWriter.write(Compiler.compile(SPLIT).image()),
                ImageWriter.write(built.stamped(null).image()));
        CompileResult stamped = built.stamped(forced);
        assertArrayEquals(ImageWriter.write(Compiler.compile(SPLIT, CompileOptions.defaults(), forced).image()),
                ImageWriter.write(stamped.image()));
        assertEquals(forced, stamped.report().conversion());
        assertTrue(stamped.image().metadata().contains("\"conversion\""));
    }

    @Test
    void shouldProduceAnImageTheReaderLoadsBackUnchanged() {
        Image image = split().image();
        assertEquals(image, ImageReader.read(ImageWriter.write(image), "compiled"));
    }

    @Test
    void shouldRouteEveryWeightToItsTargetCompartment() {
        assertImageHoldsDiscreteNetwork(SPLIT, split());
    }

    @Test
    void shouldRouteEveryWeightAcrossChips() {
        // 140 one-core layers in a chain: the first 128 fill chip 0, so e127 -> e128 crosses.
        List<Ensemble> ensembles = new ArrayList<>();
        List<Connection> connections = new ArrayList<>();
        String pre = "in";
        java.util.Random random = new java.util.Random(5);
        for (int b = 0; b < 140; b++) {
            ensembles.add(new Ensemble("e" + b, 20, NeuronType.SPIKING_RELU, 0, 0, new double[20]));
            connections.add(new Connection(pre, "e" + b, TestNetworks.gaussian(random, pre.equals("in") ? 4 : 20, 20),
                    0));
            pre = "e" + b;
        }
        Network chain = new Network("chain", List.of(new Input("in", 4)), ensembles, connections, List.of(pre), null);
        CompileResult result = Compiler.compile(chain, CompileOptions.builder().chips(2).build());
        assertImageHoldsDiscreteNetwork(chain, result);
        assertEquals(2, result.image().chips());
        // Each of e127's 20 neurons reaches e128's core twice: one axon per sign of its mixed-sign weights.
        assertEquals(40, result.report().utilization().interChipRoutes(), "e127 -> e128 crosses chips");
    }

    @Test
    void shouldRouteEveryWeightOfASubtractiveNetworkWithItsResetAndBiasSynapses() {
        Random random = new Random(8);
        List<Ensemble> ensembles = new ArrayList<>();
        List<Connection> connections = new ArrayList<>();
        String pre = "in";
        int[] widths = {6, 40, 1100, 3};
        for (int l = 1; l < widths.length; l++) {
            String name = "s" + l;
            double[] bias = new double[widths[l]];
            for (int j = 0; j < bias.length; j++) {
                bias[j] = 0.05 * random.nextGaussian();
            }
            NeuronType type = l == widths.length - 1 ? NeuronType.READOUT : NeuronType.SUBTRACTIVE_RELU;
            ensembles.add(new Ensemble(name, widths[l], type, 0, 0, bias));
            connections.add(new Connection(pre, name, TestNetworks.gaussian(random, widths[l - 1], widths[l]), 0));
            pre = name;
        }
        Network network = new Network("subtractive", List.of(new Input("in", 6)), ensembles, connections,
                List.of(pre), null);
        CompileResult result = Compiler.compile(network);
        assertImageHoldsDiscreteNetwork(network, result);
        assertTrue(result.report().layers().stream().anyMatch(l -> l.type().equals("ALWAYS_ON")));
    }

    private static void assertImageHoldsDiscreteNetwork(Network network, CompileResult result) {
        DiscreteNetwork expected = new Discretizer(new Diagnostics()).discretize(network);
        ImageWeights weights = new ImageWeights(result.image());
        // A connection split by sign holds its weights in two parts, and the bias source reaches a
        // block through its every-step compartment and its slower ones: compare their sum.
        java.util.Map<String, long[][]> sums = new java.util.LinkedHashMap<>();
        java.util.Map<String, DiscreteConnection> first = new java.util.HashMap<>();
        for (DiscreteConnection c : expected.connections()) {
            String key = (c.fromInput() ? "input " : "layer ") + c.pre() + " -> " + c.post();
            int rows = c.fromInput() ? c.nPre() : expected.blocks().get(c.preBlock()).n();
            long[][] sum = sums.computeIfAbsent(key, k -> new long[rows][c.nPost()]);
            first.putIfAbsent(key, c);
            for (int i = 0; i < c.nPre(); i++) {
                for (int j = 0; j < c.nPost(); j++) {
                    sum[i][j] += c.weight(i, j);
                }
            }
        }
        for (var entry : sums.entrySet()) {
            DiscreteConnection c = first.get(entry.getKey());
            long[][] actual = c.fromInput() ? weights.fromInput(c.pre(), c.post()) : weights.fromLayer(c.pre(), c.post());
            for (int i = 0; i < entry.getValue().length; i++) {
                for (int j = 0; j < c.nPost(); j++) {
                    assertEquals(entry.getValue()[i][j], actual[i][j], entry.getKey() + " [" + i + "][" + j + "]");
                }
            }
        }
        for (int k = 0; k < result.image().cores().size(); k++) {
            CoreImage core = result.image().cores().get(k);
            DiscreteBlock block = expected.blocks().get(expected.blockIndex(core.layer()));
            assertEquals(List.of(new CompartmentProfile(block.decayU(), block.decayV(), block.refractDelay())),
                    core.compartmentProfiles());
            assertArrayEquals(new int[] {block.vthMant()}, core.vthMants());
            for (int i = 0; i < core.compartments(); i++) {
                int neuron = weights.firstNeuron(k) + i;
                assertEquals(block.bias(neuron), (long) core.biasMant()[i] << core.biasExp()[i]);
            }
        }
    }

    @Test
    void shouldReadReadoutsAsVoltageAndSpikingLayersAsSpikes() {
        Ensemble hidden = new Ensemble("hidden", 6, NeuronType.SPIKING_RELU, 0, 0, new double[6]);
        Ensemble readout = new Ensemble("readout", 3, NeuronType.READOUT, 0, 0, new double[3]);
        Network n = new Network("two", List.of(new Input("in", 2)), List.of(hidden, readout), List.of(
                new Connection("in", "hidden", TestNetworks.matrix(2, 6, (i, j) -> 40), 0),
                new Connection("hidden", "readout", TestNetworks.matrix(6, 3, (i, j) -> j - i), 0)),
                List.of("readout", "hidden"), null);
        List<OutputPort> outputs = Compiler.compile(n).image().outputs();
        assertEquals(OutputPort.Kind.VOLTAGE, outputs.get(0).kind());
        assertEquals(3, outputs.get(0).size());
        assertEquals(OutputPort.Kind.SPIKES, outputs.get(1).kind());
        assertEquals(6, outputs.get(1).size());
    }

    @Test
    void shouldStoreTheReadoutScaleAndEncodingInSortedMetadata() throws Exception {
        CompileResult result = split();
        JsonNode json = new ObjectMapper().readTree(result.image().metadata());
        JsonNode out = json.get("outputs").get(0);
        assertEquals("VOLTAGE", out.get("kind").asText());
        assertEquals(result.report().layer("out").scale(), out.get("scale").asDouble());
        assertEquals(4095, out.get("decayV").asInt());
        assertEquals("ON_OFF_RATE", json.get("encoding").get("kind").asText());
        assertEquals(4, json.get("layers").size());
        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertEquals(keys.stream().sorted().toList(), keys);
    }

    @Test
    void shouldRejectMoreSynapseFormatsThanACoreHolds() {
        // Excitatory, inhibitory and mixed connections at three exponents each (weights a, 2a,
        // 4a): nine formats for the one core of a one-neuron layer.
        List<Input> inputs = new ArrayList<>();
        List<Connection> connections = new ArrayList<>();
        double a = 0.0015;
        for (int k = 0; k < 3; k++) {
            double w = a * (1 << k);
            double[][][] matrices = {{{w}}, {{-w}}, {{w}, {-w}}};
            for (int m = 0; m < matrices.length; m++) {
                String name = "in" + k + "_" + m;
                inputs.add(new Input(name, matrices[m].length));
                connections.add(new Connection(name, "e", matrices[m], 0));
            }
        }
        Ensemble e = new Ensemble("e", 1, NeuronType.SPIKING_RELU, 0, 0, new double[1]);
        Network n = new Network("formats", inputs, List.of(e), connections, List.of("e"), null);
        LoihiException error = assertThrows(LoihiException.class, () -> Compiler.compile(n));
        assertEquals(CompilerErrors.PACK_SYNAPSE_FORMATS, error.code(), error.getMessage());
    }

    @Test
    void shouldRejectAChipCountOutsideTheImageFormat() {
        LoihiException e = assertThrows(LoihiException.class, () -> CompileOptions.builder().chips(0).build());
        assertEquals(CompilerErrors.OPTIONS_INVALID, e.code());
    }

    @Test
    void shouldRecordAPresentationBoundOnlyWhereAnIntegratorIsSizedForIt() throws Exception {
        Random random = new Random(9);
        double[] bias = new double[12];
        Arrays.fill(bias, 0.02);
        Network rate = new Network("rate", List.of(new Input("in", 8)),
                List.of(new Ensemble("h", 12, NeuronType.SUBTRACTIVE_RELU, 0, 0, bias),
                        new Ensemble("out", 3, NeuronType.READOUT, 0, 0, new double[3])),
                List.of(new Connection("in", "h", TestNetworks.gaussian(random, 8, 12), 0),
                        new Connection("h", "out", TestNetworks.gaussian(random, 12, 3), 0)),
                List.of("out"), new InputEncoding(InputEncoding.Kind.ON_OFF_RATE, 4, 1.0, "softmax"));
        ObjectMapper json = new ObjectMapper();
        JsonNode bounded = json.readTree(Compiler.compile(rate, CompileOptions.builder().maxSteps(300).build())
                .image().metadata()).get("encoding");
        assertEquals(300, bounded.get("maxSteps").asInt());
        assertFalse(json.readTree(Compiler.compile(rate).image().metadata()).get("encoding").has("maxSteps"));
        // SPLIT has no integrator in u: the bound changes nothing, so the image does not carry it.
        assertArrayEquals(ImageWriter.write(Compiler.compile(SPLIT).image()),
                ImageWriter.write(Compiler.compile(SPLIT, CompileOptions.builder().maxSteps(300).build()).image()));
    }

    @Test
    void shouldRejectAPresentationBoundShorterThanTheSearchPresents() {
        LoihiException e = assertThrows(LoihiException.class, () -> CompileOptions.builder().maxSteps(199).build());
        assertEquals(CompilerErrors.OPTIONS_INVALID, e.code());
        assertTrue(e.getMessage().contains("key=max-steps, value=199"), e.getMessage());
        assertEquals(200, CompileOptions.builder().maxSteps(200).build().maxSteps());
    }

    @Test
    void shouldReportEveryLayerAndCore() {
        CompileResult result = split();
        assertEquals(List.of("h1", "h2", "h3", "out"),
                result.report().layers().stream().map(l -> l.name()).toList());
        assertEquals(result.image().cores().size(), result.report().cores().size());
        assertTrue(result.report().layer("h2").cores() >= 2, "1100 compartments need two cores");
        int neurons = result.report().cores().stream().filter(c -> c.layer().equals("h2"))
                .mapToInt(c -> c.compartments()).sum();
        assertEquals(1100, neurons);
    }
}
