package dev.loihi.cli.example;

import java.util.SplittableRandom;

/**
 * The bundled example's data set, generated deterministically from a seed so that every
 * machine builds the same model: {@code classes} classes in {@code features} dimensions, each
 * class a mixture of two Gaussian clusters (so a linear model is not enough), features of
 * roughly unit scale like standardized sensor data.
 */
public record ExampleData(double[][] x, int[] y, int classes) {
    /** How a feature is drawn around its cluster centre. */
    public enum Features {
        /** centre + Gaussian noise: standardized sensor data */
        GAUSSIAN,
        /** (centre + Gaussian noise) / 2 clipped to [0, 1]: pixel intensities, about half of them 0 */
        PIXELS,
        /** centre + Student-t noise with 3 degrees of freedom: rare values far outside the bulk */
        HEAVY_TAILED
    }

    public static ExampleData generate(long seed, int samples, int features, int classes) {
        return generate(seed, samples, features, classes, Features.GAUSSIAN, 0.9);
    }

    /** {@code noise} is the standard deviation (the scale, for t noise) of a feature around its centre. */
    public static ExampleData generate(long seed, int samples, int features, int classes, Features kind,
                                       double noise) {
        SplittableRandom centres = new SplittableRandom(seed);
        double[][][] clusterCentre = new double[classes][2][features];
        for (int c = 0; c < classes; c++) {
            for (int k = 0; k < 2; k++) {
                for (int f = 0; f < features; f++) {
                    clusterCentre[c][k][f] = 1.2 * gaussian(centres);
                }
            }
        }
        SplittableRandom draw = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double[][] x = new double[samples][features];
        int[] y = new int[samples];
        for (int i = 0; i < samples; i++) {
            int c = draw.nextInt(classes);
            int k = draw.nextInt(2);
            y[i] = c;
            for (int f = 0; f < features; f++) {
                x[i][f] = switch (kind) {
                    case GAUSSIAN -> clusterCentre[c][k][f] + noise * gaussian(draw);
                    case PIXELS -> Math.min(1.0, Math.max(0.0, 0.5 * (clusterCentre[c][k][f] + noise * gaussian(draw))));
                    case HEAVY_TAILED -> clusterCentre[c][k][f] + noise * studentT3(draw);
                };
            }
        }
        return new ExampleData(x, y, classes);
    }

    /** Box-Muller with StrictMath so the data is bit-identical on every JVM. */
    private static double gaussian(SplittableRandom r) {
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
    }

    /** Student's t with 3 degrees of freedom: a Gaussian over the root of a chi-square(3) / 3. */
    private static double studentT3(SplittableRandom r) {
        double z = gaussian(r);
        double chi = 0;
        for (int k = 0; k < 3; k++) {
            double g = gaussian(r);
            chi += g * g;
        }
        return z / StrictMath.sqrt(chi / 3);
    }

    public ExampleData slice(int from, int to) {
        double[][] xs = new double[to - from][];
        int[] ys = new int[to - from];
        System.arraycopy(x, from, xs, 0, to - from);
        System.arraycopy(y, from, ys, 0, to - from);
        return new ExampleData(xs, ys, classes);
    }
}
