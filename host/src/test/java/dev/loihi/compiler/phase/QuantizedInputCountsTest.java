package dev.loihi.compiler.phase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.keras.ValueQuantizer;
import dev.loihi.compiler.keras.ValueQuantizer.GridRounding;
import dev.loihi.host.RateEncoder;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A CNN that quantizes its input is phase coded in one of {@link PhaseCompiler}'s input shapes
 * for it, and is exact only if the host's encoder, in that shape, sends each input as many steps
 * as the quantizer has levels: on grid points and on the midpoints it rounds up, the inputs a
 * finer dyadic grid (8-bit pixels over 256) lands on. Here the encoder itself counts, in every
 * shape offered, for seeded ranges.
 */
class QuantizedInputCountsTest {
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void shouldCountEveryShapesMidpointsAsTheQuantizerRounds(long seed) {
        Random r = new Random(seed);
        int fraction = 2 + r.nextInt(4);
        int integers = r.nextInt(3);
        ValueQuantizer q = ValueQuantizer.fixedPoint(false, fraction + integers, integers, GridRounding.HALF_UP, true);
        double quantum = q.fixedGrid().quantum();
        // a top level between 3 and the quantizer's own, most of them not a power of two
        int top = 3 + r.nextInt((int) Math.round(q.maxOutput() / quantum) - 2);
        int[][] shapes = PhaseCompiler.quantizedInputShapes(q, new InputRange(0, top * quantum));
        assertTrue(shapes.length > 0, "seed " + seed);
        for (int[] shape : shapes) {
            int copies = shape[0];
            int steps = shape[1];
            RateEncoder encoder = new RateEncoder(1, copies * steps * quantum, copies, steps);
            int[] axons = new int[encoder.axons()];
            for (int k = 0; k <= top; k++) {
                // the midpoint, and one ulp either side of it, where the division |x| / scale used to round over
                double mid = (k + 0.5) * quantum;
                double[] xs = k < top ? new double[] {k * quantum, mid, Math.nextDown(mid), Math.nextUp(mid)}
                        : new double[] {k * quantum};
                for (double x : xs) {
                    encoder.present(new double[] {x});
                    int sent = 0;
                    for (int t = 0; t < steps; t++) {
                        sent += encoder.next(axons);
                    }
                    String where = "seed " + seed + ", " + q.describe() + ", top " + top + ", " + copies + " copies x "
                            + steps + " steps, x=" + x;
                    assertEquals(PhaseArithmetic.count(x, quantum, copies * steps), sent, where);
                    assertEquals(q.apply(x, 0), sent * quantum, where);
                }
            }
        }
    }
}
