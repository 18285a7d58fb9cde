package dev.loihi.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EvaluationTest {
    @Test
    void shouldTakeTheLargestOfSeveralOutputs() {
        assertEquals(2, Evaluation.classOf(new double[] {-3, 0.5, 0.7, -1}));
    }

    @Test
    void shouldTakeTheFirstOfTiedOutputs() {
        assertEquals(1, Evaluation.classOf(new double[] {0, 2, 2}));
    }

    @Test
    void shouldReadASingleOutputAsBinaryAtZeroPreActivation() {
        assertEquals(1, Evaluation.classOf(new double[] {0.01}));
        assertEquals(0, Evaluation.classOf(new double[] {-0.01}));
        assertEquals(0, Evaluation.classOf(new double[] {0}), "sigmoid(0) = 0.5 is not above one half");
    }

    @Test
    void shouldMeasureAgreementAsTheFractionOfEqualEntries() {
        assertEquals(0.75, Evaluation.agreement(new int[] {1, 2, 3, 4}, new int[] {1, 2, 0, 4}));
    }
}
