package dev.loihi.compiler.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompilerErrors;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** NIR event data (.npz of idx, time, n_neurons, t_max) binned at dt, as NIR's to_time_gridded bins it. */
class EventSpikesTest {
    private static final double DT = 1e-3;

    @TempDir
    Path dir;

    /** A .npz as numpy's savez writes it: one .npy entry per array. */
    private Path npz(String name, Map<String, double[]> arrays, Map<String, int[]> shapes) throws IOException {
        Path file = dir.resolve(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, double[]> a : arrays.entrySet()) {
                Path npy = dir.resolve(name + "." + a.getKey() + ".npy");
                NpyWriter.write(npy, shapes.get(a.getKey()), a.getValue());
                zip.putNextEntry(new ZipEntry(a.getKey() + ".npy"));
                zip.write(Files.readAllBytes(npy));
                zip.closeEntry();
            }
        }
        return file;
    }

    private Path events(String name, double[][] idx, double[][] time, int neurons, double tMax) {
        Path file = dir.resolve(name);
        EventSpikes.write(file, idx, time, neurons, tMax);
        return file;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void shouldBinEventsIntoTheStepThatEndsAtOrAfterThem(long seed) throws IOException {
        Random random = new Random(seed);
        int samples = 3;
        int inputs = 5;
        int steps = 40;
        int events = 30;
        double[][] idx = new double[samples][events];
        double[][] time = new double[samples][events];
        List<List<TreeSet<Integer>>> expected = new ArrayList<>();
        for (int n = 0; n < samples; n++) {
            List<TreeSet<Integer>> perInput = new ArrayList<>();
            for (int k = 0; k < inputs; k++) {
                perInput.add(new TreeSet<>());
            }
            expected.add(perInput);
            for (int e = 0; e < events; e++) {
                int k = random.nextInt(inputs);
                int step = 1 + random.nextInt(steps);
                if (random.nextInt(6) == 0 || !perInput.get(k).add(step)) {
                    // Padding as NIR writes it (or a repeat in one step, which this test avoids).
                    idx[n][e] = -1;
                    time[n][e] = Double.POSITIVE_INFINITY;
                    continue;
                }
                idx[n][e] = k;
                // Anywhere in ((step - 1) dt, step dt]; every fourth exactly on the step's end.
                time[n][e] = random.nextInt(4) == 0 ? step * DT : (step - 1 + 0.01 + 0.98 * random.nextDouble()) * DT;
            }
        }
        SpikeTrains trains = EventSpikes.read(events("ev.npz", idx, time, inputs, steps * DT), inputs, DT);
        assertEquals(samples, trains.samples());
        assertEquals(steps, trains.steps());
        for (int n = 0; n < samples; n++) {
            int[][] got = trains.spikeTimes(n);
            for (int k = 0; k < inputs; k++) {
                assertArrayEquals(expected.get(n).get(k).stream().mapToInt(Integer::intValue).toArray(), got[k],
                        "sample " + n + ", input " + k);
            }
        }
    }

    @Test
    void shouldRefuseMalformedEventFilesInOneLine() throws IOException {
        double[][] one = {{0}};
        String[][] cases = {
            {"index out of range", "event index out of range"},
            {"after t_max", "event after t_max"},
            {"two in one step", "two events of one input in one step"},
            {"wrong width", "n_neurons differs"},
            {"negative time", "event time must be finite and >= 0"},
        };
        Path[] files = {
            events("a.npz", new double[][] {{3}}, new double[][] {{DT}}, 3, 10 * DT),
            events("b.npz", one, new double[][] {{10.5 * DT}}, 3, 10 * DT),
            events("c.npz", new double[][] {{1, 1}}, new double[][] {{2.2 * DT, 2.7 * DT}}, 3, 10 * DT),
            events("d.npz", one, new double[][] {{DT}}, 4, 10 * DT),
            events("e.npz", one, new double[][] {{-DT}}, 3, 10 * DT),
        };
        for (int c = 0; c < cases.length; c++) {
            Path file = files[c];
            LoihiException e = assertThrows(LoihiException.class, () -> EventSpikes.read(file, 3, DT), cases[c][0]);
            assertEquals(CompilerErrors.SPIKES_BAD_EVENTS, e.code());
            assertTrue(e.getMessage().contains(cases[c][1]) && e.getMessage().contains("file=" + file)
                    && !e.getMessage().contains("\n"), e.getMessage());
        }
        Path missing = npz("m.npz", Map.of("idx", new double[] {0}), Map.of("idx", new int[] {1, 1}));
        assertTrue(assertThrows(LoihiException.class, () -> EventSpikes.read(missing, 3, DT)).getMessage()
                .contains("missing array"));
        Path notZip = dir.resolve("x.npz");
        try (OutputStream out = Files.newOutputStream(notZip)) {
            out.write("not a zip".getBytes());
        }
        LoihiException e = assertThrows(LoihiException.class, () -> EventSpikes.read(notZip, 3, DT));
        assertEquals(CompilerErrors.SPIKES_BAD_EVENTS, e.code());
    }
}
