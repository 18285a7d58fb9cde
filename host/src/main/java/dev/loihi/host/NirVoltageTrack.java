package dev.loihi.host;

import dev.loihi.compiler.CompileResult;
import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.Input;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.compiler.nir.NirImport;
import dev.loihi.compiler.nir.NirNodeReport;
import dev.loihi.compiler.report.LayerRow;
import dev.loihi.emulator.BlockTrace;
import dev.loihi.emulator.Emulator;
import dev.loihi.emulator.Trace;
import dev.loihi.image.InputPort;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The voltage of neuron 0 of a NIR graph's first neuron node for one spike-train sample: the
 * chip's (the emulator, bit-exact) against the exact solution of NIR's equations for input
 * held over each step (retentions exp(-dt / tau), doubles), both as v - v_reset in thresholds
 * (v_threshold - v_reset), with the chip's timing (a spike arrives the step after it is sent)
 * and reset (to v_reset at the end of the step that crosses) in both.
 *
 * <p>The bound is what the chip's quantization can add to |v_chip - v_exact| while |v| stays
 * within a threshold: per step the v retention error, the current retention error on the
 * largest current, one chip unit (decay truncation) and the weights' rounding, summed over the
 * steps v remembers (1 / (1 - keep_v)). It holds until the two first spike at different steps.
 *
 * @param bound in thresholds
 */
public record NirVoltageTrack(String node, double[] chip, double[] exact, double bound) {

    /** The largest |chip - exact| over the steps. */
    public double worstError() {
        double worst = 0;
        for (int t = 0; t < chip.length; t++) {
            worst = Math.max(worst, Math.abs(chip[t] - exact[t]));
        }
        return worst;
    }

    public static NirVoltageTrack of(NirImport nir, CompileResult compiled, int[][] spikeTimes, int steps) {
        Network network = nir.network();
        Ensemble first = network.ensembles().stream().filter(e -> e.type() == NeuronType.CUBA_LIF).findFirst()
                .orElseThrow();
        Map<String, NirNodeReport> reports = new HashMap<>();
        nir.nodes().forEach(r -> reports.put(r.node(), r));
        double[][] exact = new FloatCubaLif(network, reports).run(spikeTimes, steps);
        int index = network.ensembles().indexOf(first);
        LayerRow layer = compiled.report().layer(first.name());
        double[] chip = chipVoltage(compiled, first.name(), spikeTimes, steps, layer.vth());
        return new NirVoltageTrack(first.name(), chip, exact[index], bound(network, first, reports.get(first.name()),
                layer));
    }

    private static double[] chipVoltage(CompileResult compiled, String layer, int[][] spikeTimes, int steps, long vth) {
        Map<String, int[][]> byPort = new HashMap<>();
        int axon = 0;
        for (InputPort port : compiled.image().inputs()) {
            int[][] times = new int[port.axons()][];
            for (int a = 0; a < times.length; a++, axon++) {
                times[a] = spikeTimes[axon];
            }
            byPort.put(port.name(), times);
        }
        Trace trace = Emulator.runImage(compiled.image(), byPort, steps);
        // Neuron 0 is on the layer's first core.
        BlockTrace block = trace.blocks().entrySet().stream().filter(e -> e.getKey().endsWith("_" + layer))
                .min(Comparator.comparingInt(e -> coreIndex(e.getKey()))).orElseThrow().getValue();
        double[] v = new double[steps];
        for (int t = 0; t < steps; t++) {
            v[t] = block.voltage()[0][t] / (double) vth;
        }
        return v;
    }

    private static int coreIndex(String blockName) {
        return Integer.parseInt(blockName.substring(1, blockName.indexOf('_')));
    }

    private static double bound(Network network, Ensemble e, NirNodeReport report, LayerRow layer) {
        double weights = 0;
        for (Connection c : network.connections()) {
            if (c.post().equals(e.name())) {
                for (double[] row : c.weights()) {
                    weights += Math.abs(row[0]);
                }
            }
        }
        double currentError = report.keepU() > 0
                ? Math.abs(report.keepU() - report.chipKeepU()) * weights / (1 - report.keepU()) : 0;
        double perStep = Math.abs(report.keepV() - report.chipKeepV()) + currentError + 1.0 / layer.vth()
                + weights * layer.weightRmsError();
        return perStep / (1 - report.keepV());
    }

    /** The float network's CUBA_LIF ensembles stepped in doubles at NIR's exact retentions. */
    private static final class FloatCubaLif {
        private final Network network;
        private final Map<String, NirNodeReport> reports;

        FloatCubaLif(Network network, Map<String, NirNodeReport> reports) {
            this.network = network;
            this.reports = reports;
        }

        /** v of neuron 0 of every CUBA_LIF ensemble per step, [ensemble][step]. */
        double[][] run(int[][] spikeTimes, int steps) {
            List<Ensemble> ensembles = network.ensembles();
            Map<String, double[]> spikes = new HashMap<>();
            for (Input in : network.inputs()) {
                spikes.put(in.name(), new double[in.n()]);
            }
            double[][] u = new double[ensembles.size()][];
            double[][] v = new double[ensembles.size()][];
            for (int b = 0; b < ensembles.size(); b++) {
                u[b] = new double[ensembles.get(b).n()];
                v[b] = new double[ensembles.get(b).n()];
                spikes.put(ensembles.get(b).name(), new double[ensembles.get(b).n()]);
            }
            double[][] trace = new double[ensembles.size()][steps];
            int[] next = new int[spikeTimes.length];
            for (int t = 1; t <= steps; t++) {
                Map<String, double[]> sent = new HashMap<>();
                for (int b = 0; b < ensembles.size(); b++) {
                    Ensemble e = ensembles.get(b);
                    if (e.type() != NeuronType.CUBA_LIF) {
                        continue;
                    }
                    NirNodeReport r = reports.get(e.name());
                    double[] x = input(e, spikes);
                    double[] out = new double[e.n()];
                    for (int j = 0; j < e.n(); j++) {
                        u[b][j] = r.keepU() > 0 ? r.keepU() * u[b][j] + (1 - r.keepU()) * x[j] : x[j];
                        v[b][j] = r.keepV() * v[b][j] + u[b][j] + e.bias()[j];
                        if (v[b][j] > 1) {
                            out[j] = 1;
                            v[b][j] = 0;
                        }
                    }
                    trace[b][t - 1] = v[b][0];
                    sent.put(e.name(), out);
                }
                spikes.putAll(sent);
                // Host spikes of step t arrive at step t + 1, like the neurons' own.
                int axon = 0;
                for (Input in : network.inputs()) {
                    double[] s = new double[in.n()];
                    for (int a = 0; a < in.n(); a++, axon++) {
                        int[] times = spikeTimes[axon];
                        int k = next[axon];
                        if (k < times.length && times[k] == t) {
                            s[a] = 1;
                            next[axon] = k + 1;
                        }
                    }
                    spikes.put(in.name(), s);
                }
            }
            return trace;
        }

        private double[] input(Ensemble e, Map<String, double[]> spikes) {
            double[] x = new double[e.n()];
            for (Connection c : network.connections()) {
                if (!c.post().equals(e.name())) {
                    continue;
                }
                double[] s = spikes.get(c.pre());
                double[][] w = c.weights();
                for (int i = 0; i < w.length; i++) {
                    if (s[i] != 0) {
                        for (int j = 0; j < x.length; j++) {
                            x[j] += w[i][j];
                        }
                    }
                }
            }
            return x;
        }
    }
}
