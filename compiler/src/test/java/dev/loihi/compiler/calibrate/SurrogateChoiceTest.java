package dev.loihi.compiler.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SurrogateSearch#choose} on the surrogate scores the two MNIST CNNs gave (docs/CONVERSION.md). */
class SurrogateChoiceTest {
    private static double[] scores(List<List<Double>> agreements, double[] errors) {
        double[] s = new double[errors.length];
        for (int c = 0; c < s.length; c++) {
            s[c] = CalibrationSearch.score(agreements.get(c).stream().mapToDouble(Double::doubleValue).toArray(), errors[c]);
        }
        return s;
    }

    @Test
    void shouldTakeTheClippingFreeCandidateWhereAgreementsTie() {
        List<Double> all = List.of(1.0, 1.0, 1.0);
        List<List<Double>> agreements = List.of(List.of(0.99, 0.995, 1.0), List.of(0.9975, 1.0, 1.0), all, all, all);
        double[] errors = {0.20, 0.15, 0.10, 0.12, 0.14};
        assertEquals(4, SurrogateSearch.choose(agreements, errors, scores(agreements, errors)));
        // one input less at 200 steps on the clipping-free candidate: the best score again
        List<List<Double>> apart = List.of(agreements.get(0), agreements.get(1), all, all, List.of(1.0, 1.0, 0.9975));
        assertEquals(3, SurrogateSearch.choose(apart, errors, scores(apart, errors)));
    }

    @Test
    void shouldKeepTheEarlierOfOneNetworkAndAHigherAgreement() {
        // the HGQ CNN: 99 and 99.5 are the same scales; 99.9 up agree less
        List<Double> top = List.of(0.7775, 0.7750, 0.7725);
        List<Double> low = List.of(0.7575, 0.7650, 0.7650);
        List<List<Double>> agreements = List.of(top, top, low, low, low);
        double[] errors = {0.4264, 0.4264, 0.4725, 0.4725, 0.4725};
        assertEquals(0, SurrogateSearch.choose(agreements, errors, scores(agreements, errors)));
    }
}
