package dev.loihi.cli.example;

import java.util.SplittableRandom;

/**
 * Trains a small dense ReLU classifier (softmax output, cross-entropy, mini-batch SGD with
 * momentum) in plain Java. Deterministic: seeded initialisation and shuffling, StrictMath, a
 * fixed number of epochs; the same seed gives the same weights bit for bit.
 */
public final class MlpTrainer {
    private final int[] sizes;
    /** kernels[l][in][out], Keras layout. */
    final double[][][] kernels;
    final double[][] biases;
    private final double[][][] kernelVelocity;
    private final double[][] biasVelocity;
    /** kept[l][in][out] is false for a pruned weight, which stays 0 through training; null before pruning. */
    private boolean[][][] kept;

    public MlpTrainer(long seed, int... sizes) {
        this.sizes = sizes.clone();
        int layers = sizes.length - 1;
        kernels = new double[layers][][];
        biases = new double[layers][];
        kernelVelocity = new double[layers][][];
        biasVelocity = new double[layers][];
        SplittableRandom r = new SplittableRandom(seed);
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            // He-uniform initialisation, as Keras would for ReLU layers.
            double limit = StrictMath.sqrt(6.0 / in);
            kernels[l] = new double[in][out];
            kernelVelocity[l] = new double[in][out];
            for (int i = 0; i < in; i++) {
                for (int o = 0; o < out; o++) {
                    kernels[l][i][o] = (2 * r.nextDouble() - 1) * limit;
                }
            }
            biases[l] = new double[out];
            biasVelocity[l] = new double[out];
        }
    }

    public double[][][] kernels() {
        return kernels;
    }

    public double[][] biases() {
        return biases;
    }

    /**
     * Magnitude pruning: zeroes the smallest {@code fraction} of each layer's kernel weights and
     * keeps them at 0 in later training (which then recovers what the pruning cost).
     */
    public void prune(double fraction) {
        kept = new boolean[kernels.length][][];
        for (int l = 0; l < kernels.length; l++) {
            double[] magnitudes = java.util.Arrays.stream(kernels[l]).flatMapToDouble(java.util.Arrays::stream)
                    .map(Math::abs).sorted().toArray();
            double cut = magnitudes[(int) Math.min(magnitudes.length - 1, Math.floor(fraction * magnitudes.length))];
            kept[l] = new boolean[sizes[l]][sizes[l + 1]];
            for (int i = 0; i < sizes[l]; i++) {
                for (int o = 0; o < sizes[l + 1]; o++) {
                    kept[l][i][o] = Math.abs(kernels[l][i][o]) >= cut;
                    if (!kept[l][i][o]) {
                        kernels[l][i][o] = 0;
                        kernelVelocity[l][i][o] = 0;
                    }
                }
            }
        }
    }

    /** Trains in place; returns the final epoch's mean training loss. */
    public double train(ExampleData data, int epochs, int batch, double learningRate, double momentum, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = data.x().length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double loss = Double.NaN;
        for (int e = 0; e < epochs; e++) {
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double sum = 0;
            for (int start = 0; start < n; start += batch) {
                int end = Math.min(n, start + batch);
                sum += step(data, order, start, end, learningRate, momentum);
            }
            loss = sum / n;
        }
        return loss;
    }

    private double step(ExampleData data, int[] order, int start, int end, double lr, double momentum) {
        int layers = kernels.length;
        double[][][] gradK = new double[layers][][];
        double[][] gradB = new double[layers][];
        for (int l = 0; l < layers; l++) {
            gradK[l] = new double[sizes[l]][sizes[l + 1]];
            gradB[l] = new double[sizes[l + 1]];
        }
        double loss = 0;
        double[][] act = new double[layers + 1][];
        for (int s = start; s < end; s++) {
            int idx = order[s];
            act[0] = data.x()[idx];
            for (int l = 0; l < layers; l++) {
                act[l + 1] = dense(act[l], l, l < layers - 1);
            }
            double[] p = softmax(act[layers]);
            int label = data.y()[idx];
            loss -= StrictMath.log(Math.max(p[label], 1e-12));
            double[] delta = p.clone();
            delta[label] -= 1;
            for (int l = layers - 1; l >= 0; l--) {
                double[] in = act[l];
                double[] prev = new double[sizes[l]];
                for (int i = 0; i < sizes[l]; i++) {
                    double g = 0;
                    for (int o = 0; o < sizes[l + 1]; o++) {
                        gradK[l][i][o] += in[i] * delta[o];
                        g += kernels[l][i][o] * delta[o];
                    }
                    prev[i] = (l > 0 && in[i] > 0) ? g : 0;
                }
                for (int o = 0; o < sizes[l + 1]; o++) {
                    gradB[l][o] += delta[o];
                }
                delta = prev;
            }
        }
        double scale = lr / (end - start);
        for (int l = 0; l < layers; l++) {
            for (int i = 0; i < sizes[l]; i++) {
                for (int o = 0; o < sizes[l + 1]; o++) {
                    if (kept != null && !kept[l][i][o]) {
                        continue;
                    }
                    kernelVelocity[l][i][o] = momentum * kernelVelocity[l][i][o] - scale * gradK[l][i][o];
                    kernels[l][i][o] += kernelVelocity[l][i][o];
                }
            }
            for (int o = 0; o < sizes[l + 1]; o++) {
                biasVelocity[l][o] = momentum * biasVelocity[l][o] - scale * gradB[l][o];
                biases[l][o] += biasVelocity[l][o];
            }
        }
        return loss;
    }

    private double[] dense(double[] in, int l, boolean relu) {
        double[] out = biases[l].clone();
        for (int i = 0; i < in.length; i++) {
            double xi = in[i];
            if (xi == 0) {
                continue;
            }
            double[] row = kernels[l][i];
            for (int o = 0; o < out.length; o++) {
                out[o] += xi * row[o];
            }
        }
        if (relu) {
            for (int o = 0; o < out.length; o++) {
                out[o] = Math.max(0, out[o]);
            }
        }
        return out;
    }

    /** Class scores of the trained network (pre-softmax). */
    public double[] logits(double[] x) {
        double[] a = x;
        for (int l = 0; l < kernels.length; l++) {
            a = dense(a, l, l < kernels.length - 1);
        }
        return a;
    }

    public double accuracy(ExampleData data) {
        int ok = 0;
        for (int i = 0; i < data.x().length; i++) {
            if (argmax(logits(data.x()[i])) == data.y()[i]) {
                ok++;
            }
        }
        return (double) ok / data.x().length;
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            p[i] = StrictMath.exp(z[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < z.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
