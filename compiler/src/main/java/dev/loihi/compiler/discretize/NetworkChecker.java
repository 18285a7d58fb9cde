package dev.loihi.compiler.discretize;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.LoihiException;
import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Weights;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.Input;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import java.util.HashMap;
import java.util.Map;

/**
 * The first pass: checks that a float {@link Network} is well formed before any number is
 * looked at (names unique and resolvable, sizes positive, weight matrices of the right shape),
 * so later passes can index without guarding.
 */
public final class NetworkChecker {

    private NetworkChecker() {}

    public static void check(Network network) {
        if (network.ensembles().isEmpty()) {
            throw new LoihiException(CompilerErrors.NETWORK_STRUCTURE, "network has no ensemble: network=" + network.name());
        }
        Map<String, Integer> sizes = new HashMap<>();
        for (Input input : network.inputs()) {
            declare(sizes, input.name(), input.n(), "input");
        }
        Map<String, Ensemble> ensembles = new HashMap<>();
        for (Ensemble ensemble : network.ensembles()) {
            declare(sizes, ensemble.name(), ensemble.n(), "ensemble");
            if (ensemble.type() == null) {
                throw new LoihiException(CompilerErrors.NETWORK_STRUCTURE, "ensemble has no neuron type: ensemble=" + ensemble.name());
            }
            if (ensemble.type() == NeuronType.ALWAYS_ON) {
                alwaysOnWithoutBias(ensemble);
            }
            starts(ensemble);
            ensembles.put(ensemble.name(), ensemble);
        }
        for (Connection connection : network.connections()) {
            connection(connection, sizes, ensembles);
        }
        for (String output : network.outputs()) {
            if (!ensembles.containsKey(output)) {
                String code = sizes.containsKey(output) ? CompilerErrors.NETWORK_STRUCTURE : CompilerErrors.NETWORK_UNKNOWN_NAME;
                throw new LoihiException(code, "output is not an ensemble of the network: output=" + output);
            }
        }
    }

    /** Only a SUBTRACTIVE_RELU sum has a start, one per neuron. */
    private static void starts(Ensemble e) {
        if (e.start() == null) {
            return;
        }
        if (e.type() != NeuronType.SUBTRACTIVE_RELU) {
            throw new LoihiException(CompilerErrors.NETWORK_STRUCTURE, "only SUBTRACTIVE_RELU ensembles take start values: ensemble="
                    + e.name() + ", type=" + e.type());
        }
        if (e.start().length != e.n()) {
            throw new LoihiException(CompilerErrors.NETWORK_SHAPE, "start values must match the ensemble size: ensemble=" + e.name()
                    + ", expected=" + e.n() + ", actual=" + e.start().length);
        }
    }

    /** An ALWAYS_ON neuron spikes every step whatever it is given, so a bias would be ignored: refuse it. */
    private static void alwaysOnWithoutBias(Ensemble e) {
        for (int j = 0; j < e.n(); j++) {
            if (e.bias()[j] != 0) {
                throw new LoihiException(CompilerErrors.NETWORK_STRUCTURE, "an ALWAYS_ON ensemble takes no bias: ensemble=" + e.name()
                        + ", neuron=" + j + ", bias=" + e.bias()[j]);
            }
        }
    }

    private static void declare(Map<String, Integer> sizes, String name, int n, String kind) {
        if (name == null || name.isEmpty()) {
            throw new LoihiException(CompilerErrors.NETWORK_NAME, kind + " has no name: n=" + n);
        }
        if (sizes.put(name, n) != null) {
            throw new LoihiException(CompilerErrors.NETWORK_NAME, "name used twice: name=" + name);
        }
        if (n < 1) {
            throw new LoihiException(CompilerErrors.NETWORK_SHAPE, kind + " size must be at least 1: " + kind + "=" + name + ", n=" + n);
        }
    }

    private static void connection(Connection c, Map<String, Integer> sizes, Map<String, Ensemble> ensembles) {
        String where = "connection " + c.pre() + " -> " + c.post();
        Integer nPre = sizes.get(c.pre());
        if (nPre == null) {
            throw new LoihiException(CompilerErrors.NETWORK_UNKNOWN_NAME, where + ": unknown pre: pre=" + c.pre());
        }
        if (!ensembles.containsKey(c.post())) {
            throw new LoihiException(CompilerErrors.NETWORK_UNKNOWN_NAME, where + ": post is not an ensemble: post=" + c.post());
        }
        if (ensembles.get(c.post()).type() == NeuronType.ALWAYS_ON) {
            throw new LoihiException(CompilerErrors.NETWORK_STRUCTURE, where + ": an ALWAYS_ON ensemble takes no input: post=" + c.post());
        }
        int nPost = ensembles.get(c.post()).n();
        Weights w = c.synapses();
        if (w == null || w.rows() != nPre) {
            throw new LoihiException(CompilerErrors.NETWORK_SHAPE, where + ": weight rows must equal pre size: expected=" + nPre
                    + ", actual=" + (w == null ? 0 : w.rows()));
        }
        if (w.columns() != nPost) {
            throw new LoihiException(CompilerErrors.NETWORK_SHAPE, where + ": weight columns must equal post size:"
                    + " expected=" + nPost + ", actual=" + w.columns());
        }
    }
}
