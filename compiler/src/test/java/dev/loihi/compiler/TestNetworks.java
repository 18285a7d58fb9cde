package dev.loihi.compiler;

import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.Input;
import dev.loihi.compiler.net.InputEncoding;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntBinaryOperator;

/** Small float networks for compiler tests, built directly in the IR with seeded weights. */
public final class TestNetworks {
    private TestNetworks() {}

    /**
     * An input of widths[0] axons, SPIKING_RELU hidden layers, and a READOUT last layer, dense,
     * with Gaussian weights of standard deviation 1/sqrt(fan-in) and small biases.
     */
    public static Network dense(long seed, int... widths) {
        Random random = new Random(seed);
        List<Ensemble> ensembles = new ArrayList<>();
        List<Connection> connections = new ArrayList<>();
        String pre = "in";
        for (int l = 1; l < widths.length; l++) {
            String name = l == widths.length - 1 ? "out" : "h" + l;
            NeuronType type = l == widths.length - 1 ? NeuronType.READOUT : NeuronType.SPIKING_RELU;
            double[] bias = new double[widths[l]];
            for (int j = 0; j < bias.length; j++) {
                bias[j] = 0.05 * random.nextGaussian();
            }
            ensembles.add(new Ensemble(name, widths[l], type, 0.02, 0, bias));
            connections.add(new Connection(pre, name, gaussian(random, widths[l - 1], widths[l]), 0));
            pre = name;
        }
        return new Network("dense", List.of(new Input("in", widths[0])), ensembles, connections, List.of(pre),
                new InputEncoding(InputEncoding.Kind.ON_OFF_RATE, widths[0] / 2, 1.0, "softmax"));
    }

    public static double[][] gaussian(Random random, int nPre, int nPost) {
        double[][] w = new double[nPre][nPost];
        double sigma = 1 / Math.sqrt(nPre);
        for (double[] row : w) {
            for (int j = 0; j < nPost; j++) {
                row[j] = sigma * random.nextGaussian();
            }
        }
        return w;
    }

    /** A matrix whose entry (i, j) is {@code value.applyAsInt(i, j) / 100.0}. */
    public static double[][] matrix(int nPre, int nPost, IntBinaryOperator value) {
        double[][] w = new double[nPre][nPost];
        for (int i = 0; i < nPre; i++) {
            for (int j = 0; j < nPost; j++) {
                w[i][j] = value.applyAsInt(i, j) / 100.0;
            }
        }
        return w;
    }

    /** One input feeding one ensemble through {@code weights}. */
    public static Network single(NeuronType type, double[][] weights, double[] bias, double synapseTau) {
        Ensemble e = new Ensemble("layer", bias.length, type, 0.02, 0.002, bias);
        return new Network("single", List.of(new Input("in", weights.length)), List.of(e),
                List.of(new Connection("in", "layer", weights, synapseTau)), List.of("layer"), null);
    }

    public static double[] zeros(int n) {
        return new double[n];
    }
}
