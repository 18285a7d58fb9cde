package dev.loihi.compiler.keras;

import java.util.Random;

/**
 * Jet-like 25 x 25 images for the conv jet tagger: non-negative, mostly empty, the energy in
 * a few clusters of deposits. A leading prong at the centre carries 60% of the image's total,
 * up to two more prongs sit about four pixels away and share the rest; each prong is 3 to 17
 * deposits spread over about 1.5 pixels, each exponentially distributed. The fixture's training inputs are unknown; standard-normal
 * images (and scaled, shifted or absolute ones) all give one class, these give all five.
 */
final class JetImages {
    static final int SIZE = 25;
    private static final int CENTRE = 12;
    /**
     * Image totals are log-uniform over [0.15, 0.6]. Jet images are usually normalized to a fixed
     * total; a range of 4 keeps every class (a total near 1 loses class 1, near 0.1 all but two).
     * Over [0.1, 3.2] the model's activations span more than a rate code carries in 200 steps:
     * 86% of the first layer's positive values give less than one spike (agreement .79).
     */
    private static final double MIN_TOTAL = 0.15;
    private static final double TOTAL_RANGE = 4.0;

    private JetImages() {}

    static double[][] draw(int count, long seed) {
        Random r = new Random(seed);
        double[][] images = new double[count][];
        for (int i = 0; i < count; i++) {
            images[i] = jet(r, MIN_TOTAL * Math.pow(TOTAL_RANGE, r.nextDouble()));
        }
        return images;
    }

    private static double[] jet(Random r, double total) {
        double[] image = new double[SIZE * SIZE];
        int prongs = 1 + r.nextInt(3);
        for (int p = 0; p < prongs; p++) {
            double cx = CENTRE + (p == 0 ? 0 : 4 * r.nextGaussian());
            double cy = CENTRE + (p == 0 ? 0 : 4 * r.nextGaussian());
            double share = p == 0 ? 0.6 : 0.4 / prongs;
            int deposits = 3 + r.nextInt(15);
            for (int k = 0; k < deposits; k++) {
                int x = (int) Math.round(cx + 1.5 * r.nextGaussian());
                int y = (int) Math.round(cy + 1.5 * r.nextGaussian());
                if (x >= 0 && y >= 0 && x < SIZE && y < SIZE) {
                    image[y * SIZE + x] += total * share * -Math.log(1 - r.nextDouble()) / deposits;
                }
            }
        }
        return image;
    }
}
