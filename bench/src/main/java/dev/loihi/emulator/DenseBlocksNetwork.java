package dev.loihi.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The issue-20 comparison network, built here rather than read from a file: 32 blocks of 256
 * compartments in a ring, each block feeding the next through a dense 256 x 256 weight matrix
 * (every weight non-zero, so each spike adds one dense block of 256 synapses). Bias drives
 * every compartment towards its threshold and the zero-mean weights jitter it, so that about
 * 18% spike each step. A raw network, so {@link RawNetworkWriter} can hand it to other emulators.
 */
final class DenseBlocksNetwork {
    static final int BLOCKS = 32;
    static final int BLOCK_SIZE = 256;

    private DenseBlocksNetwork() {}

    static RawNetwork generate(long seed, int steps) {
        SplittableRandom r = new SplittableRandom(seed);
        List<RawBlock> blocks = new ArrayList<>();
        for (int b = 0; b < BLOCKS; b++) {
            int[] biasMant = new int[BLOCK_SIZE];
            for (int i = 0; i < BLOCK_SIZE; i++) {
                biasMant[i] = 32 + r.nextInt(48);
            }
            RawBlock uniform = RawBlock.uniform("B" + b, BLOCK_SIZE, 4095, 256, 100, 0, 4, 1, 0, 7);
            blocks.add(new RawBlock(uniform.name(), BLOCK_SIZE, uniform.decayU(), uniform.decayV(), uniform.vthMant(),
                    biasMant, uniform.biasExp(), uniform.refractDelay(), uniform.vminExp(), uniform.vmaxExp()));
        }
        List<RawSynapse> synapses = new ArrayList<>();
        for (int b = 0; b < BLOCKS; b++) {
            int[][] w = new int[BLOCK_SIZE][BLOCK_SIZE];
            for (int[] row : w) {
                for (int j = 0; j < BLOCK_SIZE; j++) {
                    int v = r.nextInt(32) - 16;
                    // no zero weight: the matrix stays one dense block per spike
                    row[j] = v >= 0 ? v + 1 : v;
                }
            }
            synapses.add(new RawSynapse("B" + b, "B" + (b + 1) % BLOCKS, w, 0));
        }
        return new RawNetwork(steps, blocks, List.of(), synapses);
    }
}
