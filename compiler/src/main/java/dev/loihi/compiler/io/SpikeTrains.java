package dev.loihi.compiler.io;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.LoihiException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Input spikes given directly, one presentation per sample: a .npy of shape N x T x inputs
 * holding 0 or 1 (1: input axon k spikes at step t + 1 of sample n), or rate-coded values
 * turned into such trains ({@link #rateCoded}).
 */
public final class SpikeTrains {
    private final String source;
    private final int samples;
    private final int steps;
    private final int inputs;
    private final double[] values;

    private SpikeTrains(String source, int samples, int steps, int inputs, double[] values) {
        this.source = source;
        this.samples = samples;
        this.steps = steps;
        this.inputs = inputs;
        this.values = values;
    }

    /** Trains already checked by a reader of this package: values[(n x steps + t) x inputs + k] is 0 or 1. */
    static SpikeTrains of(String source, int samples, int steps, int inputs, double[] values) {
        return new SpikeTrains(source, samples, steps, inputs, values);
    }

    /** Reads and checks a spike-train file for a network of {@code inputs} input axons. */
    public static SpikeTrains read(Path file, int inputs) {
        NpyArray a = NpyReader.read(file, 3);
        int[] shape = a.shape();
        if (shape.length != 3) {
            throw new LoihiException(CompilerErrors.SPIKES_BAD_FILE, "spike trains must be N x T x inputs: file=" + file
                    + ", shape=" + Arrays.toString(shape));
        }
        if (shape[2] != inputs) {
            throw new LoihiException(CompilerErrors.SPIKES_BAD_FILE, "spike trains have the wrong number of inputs: file="
                    + file + ", shape=" + Arrays.toString(shape) + ", inputs=" + shape[2] + ", expected=" + inputs);
        }
        if (shape[1] < 1) {
            throw new LoihiException(CompilerErrors.SPIKES_BAD_FILE, "spike trains need at least one step: file=" + file
                    + ", shape=" + Arrays.toString(shape));
        }
        double[] v = a.values();
        for (int i = 0; i < v.length; i++) {
            if (v[i] != 0 && v[i] != 1) {
                int perSample = shape[1] * shape[2];
                throw new LoihiException(CompilerErrors.SPIKES_BAD_FILE, "spike trains hold 0 or 1 only: file=" + file
                        + ", sample=" + i / perSample + ", step=" + i % perSample / shape[2] + ", input=" + i % shape[2]
                        + ", value=" + v[i]);
            }
        }
        return new SpikeTrains(file.toString(), shape[0], shape[1], shape[2], v);
    }

    /**
     * Rate-coded values as trains of {@code steps} steps: input k of a sample spikes whenever an
     * accumulator that starts at 1/2 and gains x_k per step (x clipped to [0, 1]) reaches 1, so
     * T steps give round(T x_k) spikes, as the Keras path's encoder counts them.
     */
    public static SpikeTrains rateCoded(double[][] x, int steps, String source) {
        if (steps < 1) {
            throw new LoihiException(CompilerErrors.SPIKES_BAD_FILE, "rate coding needs at least one step: file=" + source
                    + ", steps=" + steps);
        }
        int inputs = x.length == 0 ? 0 : x[0].length;
        double[] v = new double[x.length * steps * inputs];
        for (int n = 0; n < x.length; n++) {
            for (int k = 0; k < inputs; k++) {
                double rate = Math.max(0, Math.min(1, x[n][k]));
                if (!Double.isFinite(x[n][k])) {
                    throw new LoihiException(CompilerErrors.SPIKES_BAD_FILE, "input value is not finite: file=" + source
                            + ", row=" + n + ", column=" + k);
                }
                double sum = 0.5;
                for (int t = 0; t < steps; t++) {
                    sum += rate;
                    if (sum >= 1) {
                        sum -= 1;
                        v[(n * steps + t) * inputs + k] = 1;
                    }
                }
            }
        }
        return new SpikeTrains(source, x.length, steps, inputs, v);
    }

    /** The first {@code prefixSteps} steps of every sample. */
    public SpikeTrains prefix(int prefixSteps) {
        if (prefixSteps < 1 || prefixSteps > steps) {
            throw new LoihiException(CompilerErrors.SPIKES_BAD_FILE, "steps beyond the spike trains: file=" + source
                    + ", steps=" + prefixSteps + ", max=" + steps);
        }
        double[] v = new double[samples * prefixSteps * inputs];
        for (int n = 0; n < samples; n++) {
            System.arraycopy(values, n * steps * inputs, v, n * prefixSteps * inputs, prefixSteps * inputs);
        }
        return new SpikeTrains(source, samples, prefixSteps, inputs, v);
    }

    public String source() {
        return source;
    }

    public int samples() {
        return samples;
    }

    public int steps() {
        return steps;
    }

    public int inputs() {
        return inputs;
    }

    /** Sample n as 1-based spike steps per input axon. */
    public int[][] spikeTimes(int n) {
        int[][] times = new int[inputs][];
        int[] buffer = new int[steps];
        for (int k = 0; k < inputs; k++) {
            int count = 0;
            for (int t = 0; t < steps; t++) {
                if (values[(n * steps + t) * inputs + k] != 0) {
                    buffer[count++] = t + 1;
                }
            }
            times[k] = Arrays.copyOf(buffer, count);
        }
        return times;
    }

    /** Spikes sample n sends in all. */
    public long spikeCount(int n) {
        long count = 0;
        int from = n * steps * inputs;
        for (int i = from; i < from + steps * inputs; i++) {
            count += (long) values[i];
        }
        return count;
    }
}
