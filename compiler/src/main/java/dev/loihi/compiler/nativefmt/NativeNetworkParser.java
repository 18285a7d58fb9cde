package dev.loihi.compiler.nativefmt;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.LoihiException;
import dev.loihi.compiler.io.NpyArray;
import dev.loihi.compiler.io.NpyReader;
import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.Input;
import dev.loihi.compiler.net.InputEncoding;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a hand-written network in the native text format (docs/NATIVE_FORMAT.md):
 *
 * <pre>
 *   input NAME N
 *   ensemble NAME N type=lif|relu|readout [tau_rc=S] [tau_ref=S] [bias=NUMBER|FILE.npy]
 *   connect PRE POST weights=FILE.npy|identity|NUMBER [synapse=S]
 *   output NAME
 * </pre>
 *
 * Names must be defined before use. Relative .npy paths are resolved against the file's folder.
 * Every error names the file and line.
 */
public final class NativeNetworkParser {
    public static final double DEFAULT_TAU_RC = 0.02;
    public static final double DEFAULT_TAU_REF = 0.002;
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

    private final String source;
    private final Path baseDir;
    private final Map<String, Input> inputs = new LinkedHashMap<>();
    private final Map<String, Ensemble> ensembles = new LinkedHashMap<>();
    private final List<Connection> connections = new ArrayList<>();
    private final List<String> outputs = new ArrayList<>();

    private NativeNetworkParser(String source, Path baseDir) {
        this.source = source;
        this.baseDir = baseDir;
    }

    public static Network parse(Path file) {
        String text = dev.loihi.common.InputFiles.readText(file, dev.loihi.common.InputFiles.MAX_ARRAY_BYTES,
                CompilerErrors.NATIVE_IO, "native network");
        Path dir = file.toAbsolutePath().getParent();
        return parse(text, dir, file.toString(), stem(file));
    }

    /**
     * @param baseDir the folder relative .npy paths are resolved against
     * @param source names the text in errors
     * @param networkName the name of the resulting network
     */
    public static Network parse(String text, Path baseDir, String source, String networkName) {
        NativeNetworkParser parser = new NativeNetworkParser(source, baseDir);
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            NativeLine line = NativeLine.parse(source, i + 1, lines[i]);
            if (line != null) {
                parser.statement(line);
            }
        }
        if (parser.outputs.isEmpty()) {
            throw new LoihiException(CompilerErrors.NATIVE_SYNTAX, "bad native network: file=" + source + ", line=" + lines.length
                    + ", no output line, need at least one 'output NAME'");
        }
        int features = parser.inputs.values().stream().mapToInt(Input::n).sum();
        return new Network(networkName, List.copyOf(parser.inputs.values()), List.copyOf(parser.ensembles.values()),
                parser.connections, parser.outputs, new InputEncoding(InputEncoding.Kind.NONE, features, 1.0, "linear"));
    }

    private void statement(NativeLine line) {
        switch (line.keyword()) {
            case "input" -> input(line);
            case "ensemble" -> ensemble(line);
            case "connect" -> connect(line);
            case "output" -> output(line);
            default -> throw line.error(CompilerErrors.NATIVE_SYNTAX, "unknown keyword: keyword=" + line.keyword()
                    + ", known=input,ensemble,connect,output");
        }
    }

    private void input(NativeLine line) {
        line.expectArgs(2, "input NAME N");
        line.allowOptions(List.of());
        String name = newName(line, line.args().get(0));
        inputs.put(name, new Input(name, line.positiveInt(line.args().get(1), "input size")));
    }

    private void ensemble(NativeLine line) {
        line.expectArgs(2, "ensemble NAME N type=lif|relu|readout [tau_rc=S] [tau_ref=S] [bias=VALUE|FILE.npy]");
        String name = newName(line, line.args().get(0));
        int n = line.positiveInt(line.args().get(1), "ensemble size");
        String typeText = line.options().get("type");
        if (typeText == null) {
            throw line.error(CompilerErrors.NATIVE_SYNTAX, "ensemble needs type=lif|relu|readout: ensemble=" + name);
        }
        NeuronType type = switch (typeText) {
            case "lif" -> NeuronType.LIF;
            case "relu" -> NeuronType.SPIKING_RELU;
            case "readout" -> NeuronType.READOUT;
            default -> throw line.error(CompilerErrors.NATIVE_SYNTAX, "unknown neuron type: type=" + typeText + ", known=lif,relu,readout");
        };
        line.allowOptions(switch (type) {
            case LIF -> List.of("type", "tau_rc", "tau_ref", "bias");
            case SPIKING_RELU -> List.of("type", "tau_ref", "bias");
            case READOUT -> List.of("type", "bias");
            // Not (yet) spelled in the native format; the switch above never yields them.
            case SUBTRACTIVE_RELU, ALWAYS_ON, CUBA_LIF -> List.of("type");
        });
        double tauRc = type == NeuronType.LIF ? line.number("tau_rc", DEFAULT_TAU_RC, Double.MIN_VALUE) : 0.0;
        double tauRef = line.number("tau_ref", type == NeuronType.LIF ? DEFAULT_TAU_REF : 0.0, 0.0);
        double[] bias = bias(line, n);
        ensembles.put(name, new Ensemble(name, n, type, tauRc, tauRef, bias));
    }

    private double[] bias(NativeLine line, int n) {
        String text = line.options().get("bias");
        if (text == null) {
            return new double[n];
        }
        if (isNumber(text)) {
            double[] bias = new double[n];
            Arrays.fill(bias, finite(line, "bias", text));
            return bias;
        }
        NpyArray array = npy(line, "bias", text);
        if (array.rank() != 1 || array.rows() != n) {
            throw line.error(CompilerErrors.NATIVE_SHAPE, "bias file has the wrong shape: file=" + text + ", shape="
                    + Arrays.toString(array.shape()) + ", expected=[" + n + "]");
        }
        return array.toVector();
    }

    private void connect(NativeLine line) {
        line.expectArgs(2, "connect PRE POST weights=FILE.npy|identity|NUMBER [synapse=S]");
        line.allowOptions(List.of("weights", "synapse"));
        String pre = line.args().get(0);
        String post = line.args().get(1);
        int preSize;
        if (inputs.containsKey(pre)) {
            preSize = inputs.get(pre).n();
        } else if (ensembles.containsKey(pre)) {
            preSize = ensembles.get(pre).n();
        } else {
            throw line.error(CompilerErrors.NATIVE_NAME, "connection from an undefined name: pre=" + pre);
        }
        if (inputs.containsKey(post)) {
            throw line.error(CompilerErrors.NATIVE_NAME, "connection into an input, inputs are driven by the host: post=" + post);
        }
        Ensemble target = ensembles.get(post);
        if (target == null) {
            throw line.error(CompilerErrors.NATIVE_NAME, "connection to an undefined ensemble: post=" + post);
        }
        String weightsText = line.options().get("weights");
        if (weightsText == null) {
            throw line.error(CompilerErrors.NATIVE_SYNTAX, "connect needs weights=FILE.npy|identity|NUMBER: pre=" + pre + ", post=" + post);
        }
        double[][] weights = weights(line, weightsText, preSize, target.n());
        double synapse = line.number("synapse", 0.0, 0.0);
        connections.add(new Connection(pre, post, weights, synapse));
    }

    private double[][] weights(NativeLine line, String text, int preSize, int postSize) {
        if (text.equals("identity") || isNumber(text)) {
            double gain = text.equals("identity") ? 1.0 : finite(line, "weights", text);
            if (preSize != postSize) {
                throw line.error(CompilerErrors.NATIVE_SHAPE, "identity weights need equal sizes: weights=" + text + ", pre="
                        + preSize + ", post=" + postSize);
            }
            double[][] w = new double[preSize][postSize];
            for (int i = 0; i < preSize; i++) {
                w[i][i] = gain;
            }
            return w;
        }
        NpyArray array = npy(line, "weights", text);
        if (array.rank() != 2 || array.rows() != preSize || array.cols() != postSize) {
            boolean transposed = array.rank() == 2 && array.rows() == postSize && array.cols() == preSize;
            throw line.error(CompilerErrors.NATIVE_SHAPE, "weights file has the wrong shape: file=" + text + ", shape="
                    + Arrays.toString(array.shape()) + ", expected=[" + preSize + ", " + postSize + "] (rows=pre, cols=post)"
                    + (transposed ? ", hint=the matrix is transposed" : ""));
        }
        return array.toMatrix();
    }

    private void output(NativeLine line) {
        line.expectArgs(1, "output NAME");
        line.allowOptions(List.of());
        String name = line.args().get(0);
        if (!ensembles.containsKey(name)) {
            throw line.error(CompilerErrors.NATIVE_NAME, "output must name a defined ensemble: output=" + name);
        }
        if (outputs.contains(name)) {
            throw line.error(CompilerErrors.NATIVE_NAME, "output listed twice: output=" + name);
        }
        outputs.add(name);
    }

    private String newName(NativeLine line, String name) {
        if (!NAME.matcher(name).matches()) {
            throw line.error(CompilerErrors.NATIVE_SYNTAX, "bad name, use letters, digits, _ . -: name=" + name);
        }
        if (inputs.containsKey(name) || ensembles.containsKey(name)) {
            throw line.error(CompilerErrors.NATIVE_NAME, "name defined twice: name=" + name);
        }
        return name;
    }

    private NpyArray npy(NativeLine line, String key, String text) {
        if (!text.endsWith(".npy")) {
            throw line.error(CompilerErrors.NATIVE_SYNTAX, "value is neither a number nor a .npy file: key=" + key + ", value=" + text);
        }
        Path path;
        try {
            path = baseDir == null ? Path.of(text) : baseDir.resolve(text);
        } catch (InvalidPathException e) {
            // A NUL or other character the file system cannot name: a syntax error, not a crash.
            throw line.error(CompilerErrors.NATIVE_SYNTAX, "not a usable file name: key=" + key + ", reason=" + e.getReason());
        }
        try {
            return NpyReader.read(path);
        } catch (LoihiException e) {
            throw new LoihiException(e.code(), "in native network: file=" + source + ", line=" + line.number()
                    + ", key=" + key + "; " + e.getMessage(), e);
        }
    }

    private static boolean isNumber(String text) {
        return !Double.isNaN(NativeLine.parseOrNaN(text)) || text.equalsIgnoreCase("nan");
    }

    private static double finite(NativeLine line, String key, String text) {
        double v = NativeLine.parseOrNaN(text);
        if (!Double.isFinite(v)) {
            throw line.error(CompilerErrors.NATIVE_SYNTAX, "value must be a finite number: key=" + key + ", value=" + text);
        }
        return v;
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
