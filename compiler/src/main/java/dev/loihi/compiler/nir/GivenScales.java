package dev.loihi.compiler.nir;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompilerErrors;
import dev.loihi.compiler.net.GivenBlock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code loihi_*} metadata that export-nir ({@link NirExporter}) writes beside a graph's
 * chip-quantized values, read back as {@link GivenBlock}s so that compiling the graph again takes
 * the image's scales and exponents instead of choosing new ones on weights that are already
 * quantized. Graph: {@code loihi_network} (the image's network name), {@code loihi_dt_seconds}.
 * Neuron node, or the Output node of a readout: {@code loihi_scale} and the report figures.
 * Weight node between a source and that node: {@code loihi_exp} and {@code loihi_residual_exp}
 * (-1: no residual format) per synapse format of the connection, and {@code loihi_shared_atoms}
 * where its source sent population spikes (the connection's {@code sharedAtoms}).
 */
final class GivenScales {
    static final String NETWORK = "loihi_network";
    static final String DT_SECONDS = "loihi_dt_seconds";
    static final String SCALE = "loihi_scale";
    static final String BINDING = "loihi_binding_limit";
    static final String RMS = "loihi_weight_rms_error";
    static final String BITS_LOST = "loihi_bits_lost";
    static final String ZEROED = "loihi_zeroed_weights";
    static final String MAX_RATE = "loihi_max_rate";
    static final String EXP = "loihi_exp";
    static final String RESIDUAL_EXP = "loihi_residual_exp";
    static final String SHARED_ATOMS = "loihi_shared_atoms";
    /** How a missing residual format is written (exponents are 0..7). */
    static final int NO_RESIDUAL = -1;

    private GivenScales() {}

    /** The block given by {@code node}'s metadata, or null when it carries none. */
    static GivenBlock of(NirNode node, List<String> predecessors, NirGraph graph) {
        NirMetadata meta = node.metadata();
        if (!meta.numbers().containsKey(SCALE)) {
            return null;
        }
        Map<String, int[]> exps = new HashMap<>();
        Map<String, int[]> residual = new HashMap<>();
        for (String name : predecessors) {
            NirNode weight = graph.nodes().get(name);
            NirArray e1 = weight.metadata().numbers().get(EXP);
            NirArray e2 = weight.metadata().numbers().get(RESIDUAL_EXP);
            List<String> sources = graph.edges().stream().filter(e -> e.target().equals(name)).map(NirEdge::source).toList();
            if (e1 == null || e2 == null || sources.size() != 1 || e1.size() != e2.size()) {
                throw new LoihiException(CompilerErrors.NIR_BAD_FORMAT, "a node with a given scale needs one weight node with"
                        + " loihi_exp and loihi_residual_exp per source: node=" + node.name() + ", from=" + name);
            }
            exps.put(sources.get(0), ints(e1));
            int[] r = ints(e2);
            for (int p = 0; p < r.length; p++) {
                r[p] = r[p] == NO_RESIDUAL ? GivenBlock.NO_RESIDUAL : r[p];
            }
            residual.put(sources.get(0), r);
        }
        return new GivenBlock(number(node, SCALE), exps, residual, meta.texts().getOrDefault(BINDING, "given"),
                number(node, RMS), number(node, BITS_LOST), (long) number(node, ZEROED), number(node, MAX_RATE));
    }

    /** Per source of neuron node {@code post}, the shared atoms its weight node records (absent: none). */
    static Map<String, Integer> sharedAtoms(NirGraph graph, List<String> predecessors) {
        Map<String, Integer> atoms = new HashMap<>();
        for (String name : predecessors) {
            NirArray a = graph.nodes().get(name).metadata().numbers().get(SHARED_ATOMS);
            if (a == null) {
                continue;
            }
            graph.edges().stream().filter(e -> e.target().equals(name)).map(NirEdge::source).findFirst()
                    .ifPresent(source -> atoms.put(source, (int) a.values()[0]));
        }
        return atoms;
    }

    /** The graph's recorded step, checked against the one it is compiled at: given scales hold only there. */
    static void checkStep(NirGraph graph, NirOptions options) {
        NirArray dt = graph.metadata().numbers().get(DT_SECONDS);
        if (dt != null && dt.size() == 1 && dt.values()[0] != options.dtSeconds()) {
            throw new LoihiException(CompilerErrors.NIR_BAD_VALUE, "the graph was exported from an image at another step,"
                    + " compile it with that --dt: key=dt, value=" + options.dtSeconds() + ", exported=" + dt.values()[0]);
        }
    }

    private static double number(NirNode node, String key) {
        NirArray a = node.metadata().numbers().get(key);
        if (a == null || a.size() != 1) {
            throw new LoihiException(CompilerErrors.NIR_BAD_FORMAT, "given scale without its report figure: node="
                    + node.name() + ", key=metadata/" + key);
        }
        return a.values()[0];
    }

    private static int[] ints(NirArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) a.values()[i];
        }
        return out;
    }
}
