package dev.loihi.compiler.nativefmt;

import dev.loihi.compiler.CompilerErrors;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.io.NpyWriter;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.InputEncoding;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NativeNetworkParserTest {
    @TempDir
    Path dir;

    @Test
    void shouldParseAHandBuiltNetwork() throws Exception {
        NpyWriter.write(dir.resolve("w.npy"), new double[][] {{0.5, -0.5, 1}, {1, 1, 0}});
        NpyWriter.write(dir.resolve("b.npy"), new double[] {0.1, 0.2, 0.3});
        Path file = Files.writeString(dir.resolve("net.txt"), """
                # two inputs into three LIF neurons, read out one to one
                input stim 2
                ensemble hidden 3 type=lif tau_rc=0.05 bias=b.npy   # bias from a file
                ensemble out 3 type=readout
                connect stim hidden weights=w.npy synapse=0.005
                connect hidden out weights=identity
                output out
                """);
        Network net = NativeNetworkParser.parse(file);
        assertEquals("net", net.name());
        assertEquals(2, net.inputs().get(0).n());
        Ensemble hidden = net.ensembles().get(0);
        assertEquals(NeuronType.LIF, hidden.type());
        assertEquals(0.05, hidden.tauRc());
        assertEquals(NativeNetworkParser.DEFAULT_TAU_REF, hidden.tauRef());
        assertArrayEquals(new double[] {0.1, 0.2, 0.3}, hidden.bias());
        assertArrayEquals(new double[][] {{0.5, -0.5, 1}, {1, 1, 0}}, net.connections().get(0).weights());
        assertEquals(0.005, net.connections().get(0).synapseTau());
        assertArrayEquals(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, net.connections().get(1).weights());
        assertEquals(0.0, net.connections().get(1).synapseTau());
        assertEquals(List.of("out"), net.outputs());
        assertEquals(new InputEncoding(InputEncoding.Kind.NONE, 2, 1.0, "linear"), net.encoding());
    }

    @Test
    void shouldScaleTheIdentityByAScalarWeight() {
        Network net = parse("input a 2\nensemble r 2 type=relu bias=-0.25\nconnect a r weights=0.5\noutput r\n");
        assertArrayEquals(new double[][] {{0.5, 0}, {0, 0.5}}, net.connections().get(0).weights());
        Ensemble r = net.ensembles().get(0);
        assertEquals(NeuronType.SPIKING_RELU, r.type());
        assertArrayEquals(new double[] {-0.25, -0.25}, r.bias());
        assertEquals(0.0, r.tauRc());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown keyword        | input a 2\\nneuron x 3\\noutput a                                 | 2",
        "missing size           | input a\\n                                                        | 1",
        "size not a number      | input a two\\n                                                    | 1",
        "zero size              | ensemble e 0 type=relu\\n                                         | 1",
        "missing type           | ensemble e 3\\n                                                   | 1",
        "unknown type           | ensemble e 3 type=izhikevich\\n                                   | 1",
        "tau_rc on relu         | ensemble e 3 type=relu tau_rc=0.02\\n                             | 1",
        "negative synapse       | input a 1\\nensemble e 1 type=relu\\nconnect a e weights=1 synapse=-1 | 3",
        "missing weights        | input a 1\\nensemble e 1 type=relu\\nconnect a e                  | 3",
        "non-finite bias        | ensemble e 1 type=relu bias=NaN\\n                                | 1",
        "repeated option        | ensemble e 1 type=relu type=lif\\n                                | 1",
        "no output              | input a 1\\nensemble e 1 type=relu\\n                             | 3",
    })
    void shouldReportSyntaxErrorsWithTheLine(String what, String text, int line) {
        assertFails(CompilerErrors.NATIVE_SYNTAX, text.replace("\\n", "\n"), line);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "undefined pre          | ensemble e 1 type=relu\\nconnect x e weights=1                     | 2",
        "undefined post         | input a 1\\nconnect a e weights=1                                 | 2",
        "connect into input     | input a 1\\ninput b 1\\nconnect a b weights=1                     | 3",
        "duplicate name         | input a 1\\nensemble a 1 type=relu                                | 2",
        "output of an input     | input a 1\\noutput a                                              | 2",
        "output twice           | ensemble e 1 type=relu\\noutput e\\noutput e                      | 3",
    })
    void shouldReportNameErrorsWithTheLine(String what, String text, int line) {
        assertFails(CompilerErrors.NATIVE_NAME, text.replace("\\n", "\n"), line);
    }

    @Test
    void shouldReportIdentityBetweenUnequalSizes() {
        assertFails(CompilerErrors.NATIVE_SHAPE, "input a 2\nensemble e 3 type=relu\nconnect a e weights=identity\noutput e\n", 3);
    }

    @Test
    void shouldHintAtATransposedWeightMatrix() {
        NpyWriter.write(dir.resolve("wt.npy"), new double[3][2]);
        LoihiException e = assertFails(CompilerErrors.NATIVE_SHAPE,
                "input a 2\nensemble e 3 type=relu\nconnect a e weights=wt.npy\noutput e\n", 3);
        assertTrue(e.getMessage().contains("transposed"), e.getMessage());
    }

    @Test
    void shouldReportABiasFileOfTheWrongLength() {
        NpyWriter.write(dir.resolve("b4.npy"), new double[4]);
        assertFails(CompilerErrors.NATIVE_SHAPE, "ensemble e 3 type=relu bias=b4.npy\noutput e\n", 1);
    }

    @Test
    void shouldPassOnABrokenNpyFileWithTheLine() throws Exception {
        Files.write(dir.resolve("broken.npy"), new byte[] {1, 2, 3});
        LoihiException e = assertThrows(LoihiException.class,
                () -> parse("ensemble e 3 type=relu bias=broken.npy\noutput e\n"));
        assertEquals(CompilerErrors.NPY_BAD_FILE, e.code());
        assertTrue(e.getMessage().contains("line=1") && e.getMessage().contains("broken.npy"), e.getMessage());
    }

    @Test
    void shouldReportAnUnreadableFile() {
        LoihiException e = assertThrows(LoihiException.class, () -> NativeNetworkParser.parse(dir.resolve("absent.net")));
        assertEquals(CompilerErrors.NATIVE_IO, e.code());
    }

    private Network parse(String text) {
        return NativeNetworkParser.parse(text, dir, "test.net", "test");
    }

    private LoihiException assertFails(String code, String text, int line) {
        LoihiException e = assertThrows(LoihiException.class, () -> parse(text));
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("file=test.net") && e.getMessage().contains("line=" + line), e.getMessage());
        return e;
    }
}
