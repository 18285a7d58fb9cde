package dev.loihi.compiler.convert;

import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.InputEncoding;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a converted network in float units, for tests only, with the chip's timing and reset:
 * spikes sent in one step reach their targets in the next (LOIHI.md step 1), a SPIKING_RELU
 * neuron integrates without leak and on v > 1 spikes and resets v to 0 (step 7), a
 * SUBTRACTIVE_RELU neuron sums from its start value and on a sum above 1 spikes and subtracts 1
 * (the discretizer's leak left out), and the host encodes inputs with the deterministic on/off
 * accumulators of {@link InputEncoding}, started at (c + 1/2) / copies. Returns the read-out ensemble's mean value over the steps.
 */
final class RateSimulation {
    private RateSimulation() {}

    static double[] run(Network net, double[] x, int steps) {
        return run(net, x, steps, new HashMap<>());
    }

    /** As {@link #run(Network, double[], int)}, adding each ensemble's spikes per neuron over the steps to {@code counts}. */
    static double[] run(Network net, double[] x, int steps, Map<String, double[]> counts) {
        InputEncoding encoding = net.encoding();
        int features = encoding.features();
        String inputName = net.inputs().get(0).name();
        Map<String, double[]> voltage = new HashMap<>();
        Map<String, double[]> spikes = new HashMap<>();
        for (Ensemble e : net.ensembles()) {
            voltage.put(e.name(), new double[e.n()]);
            spikes.put(e.name(), new double[e.n()]);
        }
        int copies = encoding.copies();
        int axons = encoding.axons();
        spikes.put(inputName, new double[axons]);
        double[] accumulator = new double[axons];
        for (int a = 0; a < axons; a++) {
            accumulator[a] = (a % copies + 0.5) / copies;
        }
        Ensemble readout = net.ensembles().stream().filter(e -> e.name().equals(net.outputs().get(0))).findFirst().orElseThrow();
        double[] sum = new double[readout.n()];
        for (int t = 0; t < steps; t++) {
            Map<String, double[]> sent = new HashMap<>();
            for (Ensemble e : net.ensembles()) {
                double[] drive = e.bias().clone();
                for (Connection c : incoming(net.connections(), e.name())) {
                    double[] pre = spikes.get(c.pre());
                    for (int i = 0; i < pre.length; i++) {
                        if (pre[i] != 0.0) {
                            for (int j = 0; j < e.n(); j++) {
                                drive[j] += c.weights()[i][j];
                            }
                        }
                    }
                }
                double[] out = new double[e.n()];
                if (e.type() == NeuronType.READOUT) {
                    for (int j = 0; j < e.n(); j++) {
                        sum[j] += e == readout ? drive[j] : 0.0;
                    }
                } else if (e.type() == NeuronType.SUBTRACTIVE_RELU) {
                    double[] sumSinceStart = voltage.get(e.name());
                    for (int j = 0; j < e.n(); j++) {
                        sumSinceStart[j] += drive[j];
                        if (sumSinceStart[j] + e.startOf(j) > 1.0) {
                            out[j] = 1.0;
                            sumSinceStart[j] -= 1.0;
                        }
                    }
                } else {
                    double[] v = voltage.get(e.name());
                    for (int j = 0; j < e.n(); j++) {
                        v[j] += drive[j];
                        if (v[j] > 1.0) {
                            out[j] = 1.0;
                            v[j] = 0.0;
                        }
                    }
                }
                sent.put(e.name(), out);
                double[] count = counts.computeIfAbsent(e.name(), k -> new double[e.n()]);
                for (int j = 0; j < out.length; j++) {
                    count[j] += out[j];
                }
            }
            double[] inputSpikes = new double[axons];
            for (int k = 0; k < features; k++) {
                for (int c = 0; c < copies; c++) {
                    int on = 2 * k * copies + c;
                    inputSpikes[on] = encode(accumulator, on, Math.max(x[k], 0.0) / encoding.scale());
                    inputSpikes[on + copies] = encode(accumulator, on + copies, Math.max(-x[k], 0.0) / encoding.scale());
                }
            }
            spikes.putAll(sent);
            spikes.put(inputName, inputSpikes);
        }
        for (int j = 0; j < sum.length; j++) {
            sum[j] /= steps;
        }
        return sum;
    }

    private static double encode(double[] accumulator, int axon, double rate) {
        accumulator[axon] += Math.min(rate, 1.0);
        if (accumulator[axon] >= 1.0) {
            accumulator[axon] -= 1.0;
            return 1.0;
        }
        return 0.0;
    }

    private static List<Connection> incoming(List<Connection> connections, String post) {
        return connections.stream().filter(c -> c.post().equals(post)).toList();
    }
}
