package dev.loihi.cli.host;

/**
 * Turns one input vector into host spikes, on/off rate coding (docs/CONVERSION.md): feature k
 * drives axon 2k with rate max(x_k, 0) / scale and axon 2k+1 with max(-x_k, 0) / scale, capped
 * at one spike per step. Each axon has an accumulator that starts at one half and spikes
 * whenever it reaches one, so a rate r gives round(r x steps) spikes, evenly spread, and the
 * same input always gives the same spikes.
 */
public final class RateEncoder {
    private final double scale;
    private final double[] rate;
    private final double[] accumulator;

    public RateEncoder(int features, double scale) {
        this.scale = scale;
        this.rate = new double[2 * features];
        this.accumulator = new double[2 * features];
    }

    public int axons() {
        return rate.length;
    }

    /** Starts a new presentation of {@code x}; returns how many of its features are non-zero. */
    public int present(double[] x) {
        int active = 0;
        for (int k = 0; k < x.length; k++) {
            double r = Math.min(1.0, Math.abs(x[k]) / scale);
            rate[2 * k] = x[k] > 0 ? r : 0;
            rate[2 * k + 1] = x[k] < 0 ? r : 0;
            accumulator[2 * k] = 0.5;
            accumulator[2 * k + 1] = 0.5;
            if (r > 0) {
                active++;
            }
        }
        return active;
    }

    /** Writes the axons that spike at the next step into {@code axonsOut}; returns their count. */
    public int next(int[] axonsOut) {
        int n = 0;
        for (int a = 0; a < rate.length; a++) {
            double acc = accumulator[a] + rate[a];
            if (acc >= 1.0) {
                acc -= 1.0;
                axonsOut[n++] = a;
            }
            accumulator[a] = acc;
        }
        return n;
    }
}
