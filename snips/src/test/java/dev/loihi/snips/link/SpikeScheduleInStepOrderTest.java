package dev.loihi.snips.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loihi.common.LoihiException;
import dev.loihi.snips.SnipErrors;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A schedule given in step order over arrays a host reuses reads as the builder's schedule of the same spikes. */
class SpikeScheduleInStepOrderTest {
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void shouldReadAsTheBuildersScheduleOfTheSameSpikes(long seed) {
        Random r = new Random(seed);
        int steps = 1 + r.nextInt(60);
        // arrays longer than the spikes, with stale values past the end, as a reused buffer has
        int[] start = new int[steps + 1 + r.nextInt(5)];
        int[] port = new int[steps * 8 + 20];
        int[] axon = new int[port.length];
        Arrays.fill(port, 99);
        Arrays.fill(axon, 99);
        SpikeSchedule.Builder b = SpikeSchedule.builder(steps);
        int n = 0;
        for (int t = 0; t < steps; t++) {
            start[t] = n;
            for (int k = r.nextInt(9); k > 0; k--) {
                port[n] = r.nextInt(3);
                axon[n] = r.nextInt(300);
                b.add(t, port[n], axon[n]);
                n++;
            }
        }
        start[steps] = n;
        SpikeSchedule expected = b.build();
        SpikeSchedule given = SpikeSchedule.inStepOrder(steps, start, port, axon);
        assertEquals(expected.steps(), given.steps());
        assertEquals(expected.totalSpikes(), given.totalSpikes());
        for (int t = 0; t < steps; t++) {
            assertEquals(expected.start(t), given.start(t));
            assertEquals(expected.end(t), given.end(t));
            for (int i = given.start(t); i < given.end(t); i++) {
                assertEquals(expected.port(i), given.port(i));
                assertEquals(expected.axon(i), given.axon(i));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"short-starts", "first-not-zero", "going-back", "too-few-spikes"})
    void shouldRefuseStartsThatDoNotDescribeTheSpikes(String fault) {
        int[] start = switch (fault) {
            case "short-starts" -> new int[] {0, 1};
            case "first-not-zero" -> new int[] {1, 1, 2, 3};
            case "going-back" -> new int[] {0, 2, 1, 3};
            default -> new int[] {0, 1, 2, 5};
        };
        LoihiException e = assertThrows(LoihiException.class,
                () -> SpikeSchedule.inStepOrder(3, start, new int[4], new int[4]));
        assertEquals(SnipErrors.LINK_BAD_RUN, e.code());
    }
}
