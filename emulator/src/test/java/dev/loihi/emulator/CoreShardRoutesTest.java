package dev.loihi.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each shard's routes are the network's routes to its own cores, sender by sender in the same
 * order (seeded random routes, 1-5 shards); one shard with every core keeps the network's arrays.
 */
class CoreShardRoutesTest {
    static LongStream seeds() {
        return LongStream.range(1, 21);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldKeepEachSendersRoutesToTheShardsCores(long seed) {
        Random r = new Random(seed);
        int cores = 1 + r.nextInt(12);
        int[] coreStart = new int[cores + 1];
        for (int c = 0; c < cores; c++) {
            coreStart[c + 1] = coreStart[c] + 1 + r.nextInt(64);
        }
        int senders = coreStart[cores];
        int[] start = new int[senders + 1];
        int[] pairs = new int[2 * 6 * senders];
        for (int i = 0; i < senders; i++) {
            int routes = r.nextInt(7);
            for (int k = 0; k < routes; k++) {
                pairs[2 * (start[i] + k)] = r.nextInt(cores);
                pairs[2 * (start[i] + k) + 1] = r.nextInt(1 << 20);
            }
            start[i + 1] = start[i] + routes;
        }
        CoreShard[] shards = CoreShard.split(coreStart, 1 + r.nextInt(5));
        int total = 0;
        for (CoreShard s : shards) {
            s.takeRoutes(start, pairs, cores);
            if (shards.length == 1) {
                assertSame(start, s.routeStart);
            }
            for (int i = 0; i < senders; i++) {
                int[] expected = java.util.stream.IntStream.range(start[i], start[i + 1])
                        .filter(k -> s.owns(pairs[2 * k]))
                        .flatMap(k -> java.util.stream.IntStream.of(pairs[2 * k], pairs[2 * k + 1])).toArray();
                int[] own = java.util.Arrays.copyOfRange(s.routeTargets, 2 * s.routeStart[i], 2 * s.routeStart[i + 1]);
                assertArrayEquals(expected, own, "sender " + i + " on cores [" + s.coreFrom + ", " + s.coreTo + ")");
            }
            total += s.routeStart[senders];
        }
        assertEquals(start[senders], total, "every route on exactly one shard");
    }
}
