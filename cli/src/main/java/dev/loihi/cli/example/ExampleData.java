package dev.loihi.cli.example;

import java.util.SplittableRandom;

/**
 * The bundled example's data set, generated deterministically from a seed so that every
 * machine builds the same model: {@code classes} classes in {@code features} dimensions, each
 * class a mixture of two Gaussian clusters (so a linear model is not enough), features of
 * roughly unit scale like standardized sensor data.
 */
public record ExampleData(double[][] x, int[] y, int classes) {

    public static ExampleData generate(long seed, int samples, int features, int classes) {
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
                x[i][f] = clusterCentre[c][k][f] + 0.9 * gaussian(draw);
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

    public ExampleData slice(int from, int to) {
        double[][] xs = new double[to - from][];
        int[] ys = new int[to - from];
        System.arraycopy(x, from, xs, 0, to - from);
        System.arraycopy(y, from, ys, 0, to - from);
        return new ExampleData(xs, ys, classes);
    }
}
