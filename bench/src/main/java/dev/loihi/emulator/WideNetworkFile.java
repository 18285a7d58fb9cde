package dev.loihi.emulator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The wide benchmark network of issue 20 built here, from a seed, and written as a raw network
 * (RAW_FORMAT.md) so that other emulators can run the same thing: 8,192 compartments in 32
 * blocks of 256, block k feeding block k + 1 (the last feeding the first) through a dense
 * 256 x 256 matrix of seeded weights, 256 input axons with seeded spikes into block 0, and a
 * bias that keeps every block active. Prints the share of compartments that spike per step,
 * measured by running it here.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.loihi.emulator.WideNetworkFile OUT.json [steps]</pre>
 */
public final class WideNetworkFile {
    static final int BLOCKS = 32;
    static final int PER_BLOCK = 256;
    private static final long SEED = 20;

    private WideNetworkFile() {}

    public static void main(String[] args) {
        Path out = Path.of(args.length > 0 ? args[0] : "wide8192.json");
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        RawNetwork raw = build(steps);
        RawNetworkWriter.write(raw, out);
        Trace trace = Emulator.runRaw(raw);
        long spikes = 0;
        for (BlockTrace b : trace.blocks().values()) {
            for (int c : b.spikeCounts()) {
                spikes += c;
            }
        }
        System.out.printf("%s: %d compartments, %d steps, %.1f%% of compartments spike per step, warnings: %s%n", out,
                BLOCKS * PER_BLOCK, steps, 100.0 * spikes / steps / (BLOCKS * PER_BLOCK), trace.warnings());
    }

    /** The network for {@code steps} steps; the same every time. */
    static RawNetwork build(int steps) {
        Random r = new Random(SEED);
        List<RawBlock> blocks = new ArrayList<>();
        for (int b = 0; b < BLOCKS; b++) {
            // leaky integrate-and-fire: u lasts a few steps, v leaks an eighth per step
            blocks.add(RawBlock.uniform("b" + b, PER_BLOCK, 2048, 512, 100, 30, 2, 2,
                    RawBlock.DEFAULT_VMIN_EXP, RawBlock.DEFAULT_VMAX_EXP));
        }
        int[][] times = new int[PER_BLOCK][];
        for (int a = 0; a < PER_BLOCK; a++) {
            List<Integer> t = new ArrayList<>();
            for (int s = 1; s <= steps; s++) {
                if (r.nextInt(10) == 0) {
                    t.add(s);
                }
            }
            times[a] = t.stream().mapToInt(Integer::intValue).toArray();
        }
        List<RawSynapse> synapses = new ArrayList<>();
        synapses.add(new RawSynapse("in", "b0", weights(r, 40), 0, null));
        for (int b = 0; b < BLOCKS; b++) {
            synapses.add(new RawSynapse("b" + b, "b" + ((b + 1) % BLOCKS), weights(r, 0), 0, null));
        }
        return new RawNetwork(steps, blocks, List.of(new RawInput("in", PER_BLOCK, times)), synapses);
    }

    /** Seeded weights in -64..63, shifted by {@code excite}: balanced enough that activity neither dies nor saturates. */
    private static int[][] weights(Random r, int excite) {
        int[][] w = new int[PER_BLOCK][PER_BLOCK];
        for (int[] row : w) {
            for (int j = 0; j < row.length; j++) {
                row[j] = r.nextInt(128) - 64 + excite;
            }
        }
        return w;
    }
}
