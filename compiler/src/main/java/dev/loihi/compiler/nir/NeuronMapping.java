package dev.loihi.compiler.nir;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.LoihiException;
import java.util.Arrays;
import java.util.Set;

/**
 * One NIR neuron node in the float units of {@link dev.loihi.compiler.net.Network} (threshold
 * 1, per step), by the node's definition discretized with {@link NirOptions}:
 *
 * <pre>
 *   LIF      tau dv/dt = (v_leak - v) + r I             v keeps b = retention(tau) per step
 *   CubaLIF  tau_syn dI/dt = -I + w_in S                I keeps a = retention(tau_syn)
 *            tau_mem dv/dt = (v_leak - v) + r I         v keeps b = retention(tau_mem)
 *   IF       v += r I  (per step, as Sinabs, Rockpool and Lava read it)
 *   Threshold  spikes while its input exceeds threshold (v cleared every step)
 *   LI, CubaLI, I   non-spiking: read out as the value their v settles to (see {@link #readout})
 * </pre>
 *
 * Every step v' = b v' + (1 - b)(v_leak - v_reset + r I) with v' = v - v_reset, so the chip's
 * reset to 0 is NIR's reset to v_reset, and v' reaches the threshold v_threshold - v_reset; both
 * are divided by that threshold. An element j of the node's input drive x (weighted spikes
 * plus constant bias) therefore adds {@code gain[j] x_j} per step (through the synaptic filter
 * of unit DC gain for CubaLIF), and {@code constant[j]} is added every step.
 *
 * @param spiking       false for the non-spiking nodes, which become READOUT ensembles
 * @param keepV         what v keeps per step (0: cleared, 1: no leak)
 * @param keepU         what the synaptic current keeps per step (0: none)
 * @param tauRcAt1ms    the membrane time constant that gives keepV at the discretizer's 1 ms step
 * @param synapseTauAt1ms the synaptic time constant that gives keepU at 1 ms, 0 for none
 * @param resetShifted  true when some v_reset is not 0 (the chip starts v at v_reset, NIR at 0)
 */
record NeuronMapping(String node, String type, int n, boolean spiking, double keepV, double keepU,
                     double tauRcAt1ms, double synapseTauAt1ms, double[] gain, double[] constant,
                     boolean resetShifted) {
    static final Set<String> SPIKING = Set.of("LIF", "CubaLIF", "IF", "Threshold");
    static final Set<String> NON_SPIKING = Set.of("LI", "CubaLI", "I");
    /** The discretizer's step, to which the node's retentions are expressed as time constants. */
    private static final double STEP_AT_1MS = 0.001;

    static boolean isNeuron(String type) {
        return SPIKING.contains(type) || NON_SPIKING.contains(type);
    }

    static NeuronMapping of(NirNode node, NirOptions options) {
        Params p = new Params(node);
        return switch (node.type()) {
            case "LIF" -> leaky(p, options, p.get("tau"), null, p.ones());
            case "CubaLIF" -> leaky(p, options, p.get("tau_mem"), p.get("tau_syn"), p.optional("w_in", 1));
            case "IF" -> integrate(p);
            case "Threshold" -> threshold(p);
            case "LI" -> readout(p, options, p.get("tau"), null, p.ones(), p.get("v_leak"));
            case "CubaLI" -> readout(p, options, p.get("tau_mem"), p.get("tau_syn"), p.optional("w_in", 1),
                    p.get("v_leak"));
            case "I" -> readout(p, options, null, null, p.ones(), p.zeros());
            default -> throw new IllegalArgumentException("not a neuron node: " + node.type());
        };
    }

    private static NeuronMapping leaky(Params p, NirOptions options, double[] tau, double[] tauSyn, double[] wIn) {
        double[] r = p.get("r");
        double[] leak = p.get("v_leak");
        double[] reset = p.optional("v_reset", 0);
        double[] above = p.thresholdAboveReset(reset);
        double keepV = p.uniformKeep(options, tau, "tau");
        double keepU = tauSyn == null ? 0 : p.uniformKeep(options, tauSyn, "tau_syn");
        double[] gain = new double[p.n];
        double[] constant = new double[p.n];
        for (int j = 0; j < p.n; j++) {
            gain[j] = (1 - keepV) * r[j] * wIn[j] / above[j];
            constant[j] = (1 - keepV) * (leak[j] - reset[j]) / above[j];
        }
        return new NeuronMapping(p.node.name(), p.node.type(), p.n, true, keepV, keepU, tauAt1ms(keepV),
                keepU == 0 ? 0 : tauAt1ms(keepU), gain, constant, anyNonZero(reset));
    }

    private static NeuronMapping integrate(Params p) {
        double[] r = p.get("r");
        double[] reset = p.optional("v_reset", 0);
        double[] above = p.thresholdAboveReset(reset);
        double[] gain = new double[p.n];
        for (int j = 0; j < p.n; j++) {
            gain[j] = r[j] / above[j];
        }
        return new NeuronMapping(p.node.name(), p.node.type(), p.n, true, 1, 0, Double.POSITIVE_INFINITY, 0, gain,
                new double[p.n], anyNonZero(reset));
    }

    private static NeuronMapping threshold(Params p) {
        double[] threshold = p.get("threshold");
        double[] gain = new double[p.n];
        for (int j = 0; j < p.n; j++) {
            if (!(threshold[j] > 0)) {
                throw p.value("threshold", j, threshold[j], "the chip spikes above a positive threshold only");
            }
            gain[j] = 1 / threshold[j];
        }
        return new NeuronMapping(p.node.name(), p.node.type(), p.n, true, 0, 0, 0, 0, gain, new double[p.n], false);
    }

    /**
     * A non-spiking node read out as its steady state: per step the readout holds
     * v_leak + r w_in x, what v settles to under the step's drive. Summed over a presentation
     * this equals the sum of NIR's v, short of the tail v still carries at the end (at most
     * one time constant's worth of the last steps' drive).
     */
    private static NeuronMapping readout(Params p, NirOptions options, double[] tau, double[] tauSyn, double[] wIn,
                                         double[] leak) {
        double[] r = p.get("r");
        double keepV = tau == null ? 1 : p.uniformKeep(options, tau, "tau");
        double keepU = tauSyn == null ? 0 : p.uniformKeep(options, tauSyn, "tau_syn");
        double[] gain = new double[p.n];
        for (int j = 0; j < p.n; j++) {
            gain[j] = r[j] * wIn[j];
        }
        return new NeuronMapping(p.node.name(), p.node.type(), p.n, false, keepV, keepU, 0, 0, gain, leak.clone(),
                false);
    }

    /** The time constant at a 1 ms step that keeps {@code keep} per step (0 and infinity at the ends). */
    static double tauAt1ms(double keep) {
        if (keep >= 1) {
            return Double.POSITIVE_INFINITY;
        }
        if (keep <= 0) {
            return 0;
        }
        return -STEP_AT_1MS / Math.log(keep);
    }

    private static boolean anyNonZero(double[] values) {
        return Arrays.stream(values).anyMatch(v -> v != 0);
    }

    /** A node's parameters, each checked finite and broadcast to the node's size. */
    private static final class Params {
        final NirNode node;
        final int n;

        Params(NirNode node) {
            this.node = node;
            String sizeKey = switch (node.type()) {
                case "LIF", "CubaLIF", "IF" -> "v_threshold";
                case "Threshold" -> "threshold";
                default -> "r";
            };
            NirArray a = node.param(sizeKey);
            if (a == null) {
                throw missing(sizeKey);
            }
            this.n = a.size();
            if (n < 1) {
                throw new LoihiException(CompilerErrors.NIR_BAD_FORMAT, "neuron node has no neurons: node=" + node.name()
                        + ", type=" + node.type() + ", key=" + sizeKey);
            }
        }

        double[] get(String key) {
            NirArray a = node.param(key);
            if (a == null) {
                throw missing(key);
            }
            return broadcast(key, a);
        }

        double[] optional(String key, double fallback) {
            NirArray a = node.param(key);
            if (a == null) {
                double[] v = new double[n];
                Arrays.fill(v, fallback);
                return v;
            }
            return broadcast(key, a);
        }

        double[] ones() {
            double[] v = new double[n];
            Arrays.fill(v, 1);
            return v;
        }

        double[] zeros() {
            return new double[n];
        }

        /** v_threshold - v_reset, which must be positive: the chip resets to 0 and fires above vth > 0. */
        double[] thresholdAboveReset(double[] reset) {
            double[] threshold = get("v_threshold");
            double[] above = new double[n];
            for (int j = 0; j < n; j++) {
                above[j] = threshold[j] - reset[j];
                if (!(above[j] > 0)) {
                    throw value("v_threshold", j, threshold[j], "must exceed v_reset=" + reset[j]);
                }
            }
            return above;
        }

        /**
         * The per-step retention of time constant {@code key}; one compartment profile serves the
         * node, so every neuron must give the same chip decay (12 bits: tau may differ below that).
         */
        double uniformKeep(NirOptions options, double[] tau, String key) {
            double first = Double.NaN;
            for (int j = 0; j < n; j++) {
                if (!(tau[j] > 0)) {
                    throw value(key, j, tau[j], "a time constant must be positive");
                }
                double keep = options.retention(tau[j]);
                if (keep < 0) {
                    throw value(key, j, tau[j], "Euler integration needs dt <= tau, dt=" + options.dtSeconds());
                }
                long chip = Math.round(keep * 4096);
                if (j == 0) {
                    first = keep;
                } else if (chip != Math.round(first * 4096)) {
                    throw new LoihiException(CompilerErrors.NIR_UNSUPPORTED_NODE, "time constants differ between neurons of one"
                            + " node (one compartment profile per node): node=" + node.name() + ", key=" + key
                            + ", neuron0=" + tau[0] + ", neuron" + j + "=" + tau[j]);
                }
            }
            return first;
        }

        private double[] broadcast(String key, NirArray a) {
            double[] v;
            if (a.size() == n) {
                v = a.values().clone();
            } else if (a.size() == 1) {
                v = new double[n];
                Arrays.fill(v, a.values()[0]);
            } else {
                throw new LoihiException(CompilerErrors.NIR_BAD_FORMAT, "parameter size differs from the node's: node="
                        + node.name() + ", type=" + node.type() + ", key=" + key + ", size=" + a.size() + ", expected="
                        + n);
            }
            for (int j = 0; j < n; j++) {
                if (!Double.isFinite(v[j])) {
                    throw value(key, j, v[j], "not finite");
                }
            }
            return v;
        }

        LoihiException missing(String key) {
            return new LoihiException(CompilerErrors.NIR_BAD_FORMAT, "neuron node lacks a parameter: node=" + node.name()
                    + ", type=" + node.type() + ", key=" + key);
        }

        LoihiException value(String key, int j, double v, String why) {
            return new LoihiException(CompilerErrors.NIR_BAD_VALUE, "bad parameter: node=" + node.name() + ", type="
                    + node.type() + ", key=" + key + ", neuron=" + j + ", value=" + v + ", reason=" + why);
        }
    }
}
