package dev.loihi.compiler.io;

import java.util.Random;

/**
 * Digit-like 28 x 28 grey images (values 0..1, MNIST's size and range) for tests and
 * measurements: each digit drawn as the strokes of a seven-segment figure, with the box,
 * slant, position and pen width varied per image, the pen's edge soft over one pixel. Made
 * here so that tests and benchmarks of MNIST-size CNNs need no downloaded data set.
 */
public final class DigitImages {
    public static final int SIZE = 28;
    /** Segment ends in the unit box (x right, y down): top, upper right, lower right, bottom, lower left, upper left, middle. */
    private static final double[][] SEGMENTS = {
        {0, 0, 1, 0}, {1, 0, 1, 0.5}, {1, 0.5, 1, 1}, {0, 1, 1, 1}, {0, 0.5, 0, 1}, {0, 0, 0, 0.5}, {0, 0.5, 1, 0.5}};
    /** Segments of each digit, as in a seven-segment display. */
    private static final String[] DIGITS = {"abcdef", "bc", "abged", "abgcd", "fgbc", "afgcd", "afgedc", "abc",
        "abcdefg", "abcdfg"};

    private DigitImages() {}

    /** {@code count} images, digit {@code i % 10} for image i, drawn with {@code seed}. */
    public static double[][] draw(int count, long seed) {
        Random r = new Random(seed);
        double[][] images = new double[count][];
        for (int i = 0; i < count; i++) {
            images[i] = digit(i % 10, r);
        }
        return images;
    }

    public static int[] labels(int count) {
        int[] y = new int[count];
        for (int i = 0; i < count; i++) {
            y[i] = i % 10;
        }
        return y;
    }

    private static double[] digit(int digit, Random r) {
        double width = 8 + 4 * r.nextDouble();
        double height = 15 + 5 * r.nextDouble();
        double left = (SIZE - width) / 2 + 3 * (r.nextDouble() - 0.5);
        double top = (SIZE - height) / 2 + 3 * (r.nextDouble() - 0.5);
        double slant = 0.25 * (r.nextDouble() - 0.3);
        double pen = 1.0 + 1.2 * r.nextDouble();
        double[] image = new double[SIZE * SIZE];
        for (char s : DIGITS[digit].toCharArray()) {
            double[] seg = SEGMENTS[s - 'a'];
            double x0 = left + seg[0] * width + slant * (height - seg[1] * height);
            double y0 = top + seg[1] * height;
            double x1 = left + seg[2] * width + slant * (height - seg[3] * height);
            double y1 = top + seg[3] * height;
            stroke(image, x0, y0, x1, y1, pen);
        }
        return image;
    }

    private static void stroke(double[] image, double x0, double y0, double x1, double y1, double pen) {
        double dx = x1 - x0;
        double dy = y1 - y0;
        double length2 = dx * dx + dy * dy;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double px = x + 0.5;
                double py = y + 0.5;
                double t = length2 == 0 ? 0 : Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / length2));
                double distance = Math.hypot(px - (x0 + t * dx), py - (y0 + t * dy));
                double ink = Math.max(0, Math.min(1, pen / 2 + 0.5 - distance));
                image[y * SIZE + x] = Math.max(image[y * SIZE + x], ink);
            }
        }
    }
}
