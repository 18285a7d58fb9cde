package dev.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RawNetworkReaderTest {
    private static final String BLOCK = "{'name': 'A', 'n': 2, 'vth_mant': 10}";
    private static final String INPUT = "{'name': 'in', 'n_axons': 2, 'spike_times': [[1], [2]]}";
    private static final String SYNAPSE = "{'pre': 'in', 'post': 'A', 'weight_exp': 0, 'weights': [[1, 2], [3, 4]]}";

    /** A network with the given block, input and synapse (single quotes stand for double quotes). */
    private static String net(String block, String input, String synapse) {
        return ("{'steps': 10, 'blocks': [" + block + "], 'inputs': [" + input + "], 'synapses': [" + synapse + "]}")
                .replace('\'', '"');
    }

    private static RawNetwork read(String json) {
        return RawNetworkReader.read(json, "test.json");
    }

    @Test
    void shouldApplyDocumentedDefaults() {
        RawBlock a = read(net(BLOCK, INPUT, SYNAPSE)).blocks().get(0);
        assertArrayEquals(new int[] {4095, 4095}, a.decayU());
        assertArrayEquals(new int[] {0, 0}, a.decayV());
        assertArrayEquals(new int[] {0, 0}, a.biasMant());
        assertArrayEquals(new int[] {0, 0}, a.biasExp());
        assertArrayEquals(new int[] {1, 1}, a.refractDelay());
        assertEquals(0, a.vminExp());
        assertEquals(7, a.vmaxExp());
    }

    @Test
    void shouldExpandScalarAndKeepListRegisters() {
        RawBlock a = read(net("{'name': 'A', 'n': 2, 'vth_mant': 10, 'decay_v': [1, 2], 'bias_mant': 5}", INPUT, SYNAPSE))
                .blocks().get(0);
        assertArrayEquals(new int[] {1, 2}, a.decayV());
        assertArrayEquals(new int[] {5, 5}, a.biasMant());
    }

    @Test
    void shouldConvertRasterToSpikeTimes() {
        String json = ("{'steps': 3, 'blocks': [" + BLOCK + "], 'inputs': [{'name': 'in', 'n_axons': 2,"
                + " 'raster': [[1, 0], [0, 0], [1, 1]]}], 'synapses': []}").replace('\'', '"');
        RawInput in = read(json).inputs().get(0);
        assertArrayEquals(new int[] {1, 3}, in.spikeTimes()[0]);
        assertArrayEquals(new int[] {3}, in.spikeTimes()[1]);
    }

    @Test
    void shouldIgnoreExtraKeys() {
        RawNetwork raw = read(net("{'name': 'A', 'n': 2, 'vth_mant': 10, 'comment': 'x', 'color': [1]}", INPUT, SYNAPSE));
        assertEquals(1, raw.blocks().size());
    }

    @Test
    void shouldAcceptIntegralFloats() {
        RawBlock a = read(net("{'name': 'A', 'n': 2.0, 'vth_mant': 10.0}", INPUT, SYNAPSE)).blocks().get(0);
        assertArrayEquals(new int[] {10, 10}, a.vthMant());
    }

    @Test
    void shouldAcceptMissingInputsAndSynapses() {
        RawNetwork raw = read("{\"steps\": 1, \"blocks\": [{\"name\": \"A\", \"n\": 1, \"vth_mant\": 1}]}");
        assertTrue(raw.inputs().isEmpty() && raw.synapses().isEmpty());
    }

    @Test
    void shouldNameFileBlockAndKeyInOneLine(@TempDir Path dir) {
        Path file = dir.resolve("bad.json");
        RawNetworkWriter.write(read(net(BLOCK, INPUT, SYNAPSE)), file);
        String text = net("{'name': 'A', 'n': 2, 'vth_mant': 10, 'decay_u': 5000}", INPUT, SYNAPSE);
        LoihiException e = assertThrows(LoihiException.class, () -> RawNetworkReader.read(text, file.toString()));
        assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("block=A")
                && e.getMessage().contains("key=decay_u"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void shouldReportUnreadableFileAsIoError(@TempDir Path dir) {
        LoihiException e = assertThrows(LoihiException.class, () -> RawNetworkReader.read(dir.resolve("absent.json")));
        assertEquals(EmulatorErrors.RAW_IO, e.code());
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("not JSON", "{'steps': 10, 'blocks': [".replace('\'', '"'), EmulatorErrors.RAW_MALFORMED),
                Arguments.of("duplicate key", net("{'name': 'A', 'n': 2, 'n': 3, 'vth_mant': 10}", INPUT, SYNAPSE), EmulatorErrors.RAW_MALFORMED),
                Arguments.of("text for number", net("{'name': 'A', 'n': '2', 'vth_mant': 10}", INPUT, SYNAPSE), EmulatorErrors.RAW_MALFORMED),
                Arguments.of("fraction", net("{'name': 'A', 'n': 2, 'vth_mant': 10.5}", INPUT, SYNAPSE), EmulatorErrors.RAW_MALFORMED),
                Arguments.of("top level list", "[1, 2]", EmulatorErrors.RAW_MALFORMED),
                Arguments.of("empty name", net("{'name': '', 'n': 2, 'vth_mant': 10}", INPUT, ""), EmulatorErrors.RAW_MALFORMED),
                Arguments.of("missing vth_mant", net("{'name': 'A', 'n': 2}", INPUT, SYNAPSE), EmulatorErrors.RAW_MISSING),
                Arguments.of("missing steps", "{\"blocks\": []}", EmulatorErrors.RAW_MISSING),
                Arguments.of("missing weight_exp", net(BLOCK, INPUT, "{'pre': 'in', 'post': 'A', 'weights': [[1, 2], [3, 4]]}"), EmulatorErrors.RAW_MISSING),
                Arguments.of("missing weights", net(BLOCK, INPUT, "{'pre': 'in', 'post': 'A', 'weight_exp': 0}"), EmulatorErrors.RAW_MISSING),
                Arguments.of("unknown pre", net(BLOCK, INPUT, SYNAPSE.replace("'pre': 'in'", "'pre': 'x'")), EmulatorErrors.RAW_UNKNOWN_NAME),
                Arguments.of("unknown post", net(BLOCK, INPUT, SYNAPSE.replace("'post': 'A'", "'post': 'B'")), EmulatorErrors.RAW_UNKNOWN_NAME),
                Arguments.of("input as post", net(BLOCK, INPUT, "{'pre': 'A', 'post': 'in', 'weight_exp': 0, 'weights': [[1, 2], [3, 4]]}"), EmulatorErrors.RAW_UNKNOWN_NAME),
                Arguments.of("duplicate block", net(BLOCK + ", " + BLOCK, INPUT, SYNAPSE), EmulatorErrors.RAW_DUPLICATE_NAME),
                Arguments.of("input named as block", net(BLOCK, INPUT.replace("'in'", "'A'"), ""), EmulatorErrors.RAW_DUPLICATE_NAME),
                Arguments.of("decay_u too big", net("{'name': 'A', 'n': 2, 'vth_mant': 10, 'decay_u': 4096}", INPUT, SYNAPSE), EmulatorErrors.RAW_RANGE),
                Arguments.of("decay_v negative", net("{'name': 'A', 'n': 2, 'vth_mant': 10, 'decay_v': [0, -1]}", INPUT, SYNAPSE), EmulatorErrors.RAW_RANGE),
                Arguments.of("vth_mant zero", net("{'name': 'A', 'n': 2, 'vth_mant': 0}", INPUT, SYNAPSE), EmulatorErrors.RAW_RANGE),
                Arguments.of("bias_mant too big", net("{'name': 'A', 'n': 2, 'vth_mant': 10, 'bias_mant': 4096}", INPUT, SYNAPSE), EmulatorErrors.RAW_RANGE),
                Arguments.of("bias_exp too big", net("{'name': 'A', 'n': 2, 'vth_mant': 10, 'bias_exp': 8}", INPUT, SYNAPSE), EmulatorErrors.RAW_RANGE),
                Arguments.of("refract_delay zero", net("{'name': 'A', 'n': 2, 'vth_mant': 10, 'refract_delay': 0}", INPUT, SYNAPSE), EmulatorErrors.RAW_RANGE),
                Arguments.of("vmin_exp too big", net("{'name': 'A', 'n': 2, 'vth_mant': 10, 'vmin_exp': 24}", INPUT, SYNAPSE), EmulatorErrors.RAW_RANGE),
                Arguments.of("vmax_exp too big", net("{'name': 'A', 'n': 2, 'vth_mant': 10, 'vmax_exp': 8}", INPUT, SYNAPSE), EmulatorErrors.RAW_RANGE),
                Arguments.of("weight too big", net(BLOCK, INPUT, SYNAPSE.replace("[3, 4]", "[3, 256]")), EmulatorErrors.RAW_RANGE),
                Arguments.of("weight too small", net(BLOCK, INPUT, SYNAPSE.replace("[3, 4]", "[3, -257]")), EmulatorErrors.RAW_RANGE),
                Arguments.of("weight_exp too big", net(BLOCK, INPUT, SYNAPSE.replace("'weight_exp': 0", "'weight_exp': 8")), EmulatorErrors.RAW_RANGE),
                Arguments.of("steps zero", net(BLOCK, INPUT, SYNAPSE).replace("\"steps\": 10", "\"steps\": 0"), EmulatorErrors.RAW_RANGE),
                Arguments.of("n zero", net("{'name': 'A', 'n': 0, 'vth_mant': 10}", INPUT, ""), EmulatorErrors.RAW_RANGE),
                Arguments.of("spike time after last step", net(BLOCK, INPUT.replace("[2]]", "[11]]"), SYNAPSE), EmulatorErrors.RAW_RANGE),
                Arguments.of("spike time zero", net(BLOCK, INPUT.replace("[2]]", "[0]]"), SYNAPSE), EmulatorErrors.RAW_RANGE),
                Arguments.of("raster value 2", net(BLOCK, "{'name': 'in', 'n_axons': 1, 'raster': [[2],[0],[0],[0],[0],[0],[0],[0],[0],[0]]}", ""), EmulatorErrors.RAW_RANGE),
                Arguments.of("n_axons zero", net(BLOCK, "{'name': 'in', 'n_axons': 0, 'spike_times': []}", ""), EmulatorErrors.RAW_RANGE),
                Arguments.of("register list length", net("{'name': 'A', 'n': 2, 'vth_mant': [10, 10, 10]}", INPUT, SYNAPSE), EmulatorErrors.RAW_LENGTH),
                Arguments.of("spike_times length", net(BLOCK, INPUT.replace("[[1], [2]]", "[[1]]"), SYNAPSE), EmulatorErrors.RAW_LENGTH),
                Arguments.of("raster rows", net(BLOCK, "{'name': 'in', 'n_axons': 1, 'raster': [[1], [0]]}", ""), EmulatorErrors.RAW_LENGTH),
                Arguments.of("raster row length", net(BLOCK, "{'name': 'in', 'n_axons': 2, 'raster': [[1],[0],[0],[0],[0],[0],[0],[0],[0],[0]]}", ""), EmulatorErrors.RAW_LENGTH),
                Arguments.of("weight rows", net(BLOCK, INPUT, SYNAPSE.replace("[[1, 2], [3, 4]]", "[[1, 2]]")), EmulatorErrors.RAW_SHAPE),
                Arguments.of("weight columns", net(BLOCK, INPUT, SYNAPSE.replace("[3, 4]", "[3, 4, 5]")), EmulatorErrors.RAW_SHAPE),
                Arguments.of("block over 1024", net("{'name': 'A', 'n': 1025, 'vth_mant': 10}", INPUT, ""), EmulatorErrors.RAW_TOO_LARGE),
                Arguments.of("both spike forms", net(BLOCK, "{'name': 'in', 'n_axons': 1, 'spike_times': [[1]], 'raster': []}", ""), EmulatorErrors.RAW_CONFLICT),
                Arguments.of("no spike form", net(BLOCK, "{'name': 'in', 'n_axons': 1}", ""), EmulatorErrors.RAW_CONFLICT),
                Arguments.of("spike twice in a step", net(BLOCK, INPUT.replace("[2]]", "[2, 2]]"), SYNAPSE), EmulatorErrors.RAW_DUPLICATE_SPIKE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void shouldRejectBadFileWithItsCode(String name, String json, String code) {
        LoihiException e = assertThrows(LoihiException.class, () -> read(json));
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("file=test.json"), e.getMessage());
    }
}
