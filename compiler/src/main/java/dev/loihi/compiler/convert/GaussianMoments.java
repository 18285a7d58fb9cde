package dev.loihi.compiler.convert;

import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.net.Weights;

/**
 * Estimates layer activation percentiles from the weights alone, for conversion without
 * calibration data. Inputs are taken as independent zero-mean Gaussians; each pre-activation is
 * then treated as Gaussian (a sum of many weighted inputs), its ReLU's mean and variance follow
 * in closed form, and those feed the next layer. The scale of a layer is the requested
 * percentile of the pooled activations of all its neurons, as in the data-based method.
 */
public final class GaussianMoments {
    private static final double SQRT2 = Math.sqrt(2.0);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

    /** Per-neuron mean and variance of one layer's (post-ReLU) outputs. */
    record Moments(double[] mean, double[] variance) {}

    private GaussianMoments() {}

    static Moments inputs(int features, double sigma) {
        double[] mean = new double[features];
        double[] variance = new double[features];
        java.util.Arrays.fill(variance, sigma * sigma);
        return new Moments(mean, variance);
    }

    /** The Gaussian pre-activation moments of {@code layer} for inputs with moments {@code in}. */
    static Moments preActivation(DenseLayer layer, Moments in) {
        int units = layer.units();
        double[] mean = layer.bias().clone();
        double[] variance = new double[units];
        Weights w = layer.weights();
        for (int i = 0; i < layer.inputSize(); i++) {
            for (int k = w.start(i); k < w.start(i + 1); k++) {
                double v = w.value(k);
                mean[w.column(k)] += v * in.mean()[i];
                variance[w.column(k)] += v * v * in.variance()[i];
            }
        }
        return new Moments(mean, variance);
    }

    /** Mean and variance of relu(z) for z ~ N(mean, variance), per neuron. */
    static Moments relu(Moments z) {
        int n = z.mean().length;
        double[] mean = new double[n];
        double[] variance = new double[n];
        for (int j = 0; j < n; j++) {
            double mu = z.mean()[j];
            double s = Math.sqrt(z.variance()[j]);
            if (s == 0.0) {
                mean[j] = Math.max(mu, 0.0);
                continue;
            }
            double t = mu / s;
            double cdf = cdf(t);
            double pdf = pdf(t);
            mean[j] = mu * cdf + s * pdf;
            double second = (mu * mu + s * s) * cdf + mu * s * pdf;
            variance[j] = Math.max(second - mean[j] * mean[j], 0.0);
        }
        return new Moments(mean, variance);
    }

    /**
     * The value below which a fraction p/100 of the pooled ReLU outputs fall, every neuron
     * equally weighted: solves mean_j P(relu(z_j) <= q) = p/100 by bisection.
     */
    static double reluPercentile(Moments z, double percentile) {
        double target = percentile / 100.0;
        double hi = 0.0;
        for (int j = 0; j < z.mean().length; j++) {
            hi = Math.max(hi, z.mean()[j] + 10.0 * Math.sqrt(z.variance()[j]));
        }
        if (hi <= 0.0 || pooledCdf(z, 0.0) >= target) {
            return 0.0;
        }
        double lo = 0.0;
        for (int iter = 0; iter < 100; iter++) {
            double mid = 0.5 * (lo + hi);
            if (pooledCdf(z, mid) < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    private static double pooledCdf(Moments z, double q) {
        double sum = 0.0;
        int n = z.mean().length;
        for (int j = 0; j < n; j++) {
            double s = Math.sqrt(z.variance()[j]);
            double mu = z.mean()[j];
            sum += s == 0.0 ? (mu <= q ? 1.0 : 0.0) : cdf((q - mu) / s);
        }
        return sum / n;
    }

    public static double pdf(double t) {
        return INV_SQRT_2PI * Math.exp(-0.5 * t * t);
    }

    public static double cdf(double t) {
        return 0.5 * erfc(-t / SQRT2);
    }

    /**
     * Complementary error function with relative error below 1.2e-7 everywhere (the Chebyshev
     * fit of Numerical Recipes, section 6.2), ample for choosing a scale.
     */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277))))))));
        double r = t * Math.exp(poly);
        return x >= 0 ? r : 2.0 - r;
    }
}
