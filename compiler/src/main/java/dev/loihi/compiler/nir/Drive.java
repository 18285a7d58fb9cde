package dev.loihi.compiler.nir;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What reaches one point of a NIR graph, as an affine function of the spike sources (host
 * inputs and neuron nodes): {@code weights.get(s)[i][j]} of source s's output i per element j,
 * plus a constant {@code bias[j]}. A null matrix is the identity (a source seen directly), which
 * keeps wide inputs cheap until a weight is actually applied. Immutable.
 */
final class Drive {
    private final int size;
    private final Map<String, double[][]> weights;
    private final double[] bias;

    private Drive(int size, Map<String, double[][]> weights, double[] bias) {
        this.size = size;
        this.weights = weights;
        this.bias = bias;
    }

    /** A source node's own output. */
    static Drive source(String name, int size) {
        Map<String, double[][]> w = new LinkedHashMap<>();
        w.put(name, null);
        return new Drive(size, w, new double[size]);
    }

    static Drive empty(int size) {
        return new Drive(size, new LinkedHashMap<>(), new double[size]);
    }

    int size() {
        return size;
    }

    Map<String, double[][]> weights() {
        return java.util.Collections.unmodifiableMap(weights);
    }

    double[] bias() {
        return bias.clone();
    }

    boolean hasBias() {
        for (double b : bias) {
            if (b != 0) {
                return true;
            }
        }
        return false;
    }

    /** True when this is exactly one source, unweighted and without bias. */
    boolean isPlainSource() {
        return weights.size() == 1 && weights.values().iterator().next() == null && !hasBias();
    }

    /** The matrix from source {@code name}, identity materialized. */
    double[][] matrix(String name) {
        double[][] w = weights.get(name);
        if (w != null) {
            return w;
        }
        double[][] id = new double[size][size];
        for (int i = 0; i < size; i++) {
            id[i][i] = 1;
        }
        return id;
    }

    /** Through a NIR weight matrix {@code w} of shape [out, in] (in = this size), then + {@code addBias}. */
    Drive affine(double[][] w, double[] addBias) {
        int out = w.length;
        Map<String, double[][]> next = new LinkedHashMap<>();
        for (Map.Entry<String, double[][]> e : weights.entrySet()) {
            double[][] m = e.getValue();
            int rows = m == null ? size : m.length;
            double[][] r = new double[rows][out];
            for (int i = 0; i < rows; i++) {
                for (int o = 0; o < out; o++) {
                    double s = 0;
                    if (m == null) {
                        s = w[o][i];
                    } else {
                        for (int k = 0; k < size; k++) {
                            s += m[i][k] * w[o][k];
                        }
                    }
                    r[i][o] = s;
                }
            }
            next.put(e.getKey(), r);
        }
        double[] b = new double[out];
        for (int o = 0; o < out; o++) {
            double s = addBias == null ? 0 : addBias[o];
            for (int k = 0; k < size; k++) {
                s += w[o][k] * bias[k];
            }
            b[o] = s;
        }
        return new Drive(out, next, b);
    }

    /** Through a sparse map (a convolution or pooling window), then + {@code addBias}. */
    Drive sparse(SparseMap map, double[] addBias) {
        int out = map.outSize();
        Map<String, double[][]> next = new LinkedHashMap<>();
        for (Map.Entry<String, double[][]> e : weights.entrySet()) {
            double[][] m = e.getValue();
            int rows = m == null ? size : m.length;
            double[][] r = new double[rows][out];
            for (int o = 0; o < out; o++) {
                int[] index = map.index()[o];
                double[] weight = map.weight()[o];
                for (int n = 0; n < index.length; n++) {
                    if (m == null) {
                        r[index[n]][o] += weight[n];
                        continue;
                    }
                    for (int i = 0; i < rows; i++) {
                        r[i][o] += m[i][index[n]] * weight[n];
                    }
                }
            }
            next.put(e.getKey(), r);
        }
        double[] b = new double[out];
        for (int o = 0; o < out; o++) {
            double s = addBias == null ? 0 : addBias[o];
            for (int n = 0; n < map.index()[o].length; n++) {
                s += map.weight()[o][n] * bias[map.index()[o][n]];
            }
            b[o] = s;
        }
        return new Drive(out, next, b);
    }

    /** Every element j multiplied by {@code scale[j]}. */
    Drive scale(double[] scale) {
        Map<String, double[][]> next = new LinkedHashMap<>();
        for (String name : weights.keySet()) {
            double[][] m = matrix(name);
            double[][] r = new double[m.length][size];
            for (int i = 0; i < m.length; i++) {
                for (int j = 0; j < size; j++) {
                    r[i][j] = m[i][j] * scale[j];
                }
            }
            next.put(name, r);
        }
        double[] b = new double[size];
        for (int j = 0; j < size; j++) {
            b[j] = bias[j] * scale[j];
        }
        return new Drive(size, next, b);
    }

    /** The sum of two drives of one size (two edges into one node). */
    Drive plus(Drive other) {
        Map<String, double[][]> next = new LinkedHashMap<>(weights);
        for (String name : other.weights.keySet()) {
            if (!next.containsKey(name)) {
                next.put(name, other.weights.get(name));
                continue;
            }
            double[][] a = matrix(name);
            double[][] b = other.matrix(name);
            double[][] r = new double[a.length][size];
            for (int i = 0; i < a.length; i++) {
                for (int j = 0; j < size; j++) {
                    r[i][j] = a[i][j] + b[i][j];
                }
            }
            next.put(name, r);
        }
        double[] b = new double[size];
        for (int j = 0; j < size; j++) {
            b[j] = bias[j] + other.bias[j];
        }
        return new Drive(size, next, b);
    }
}
