package dev.loihi.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random raw networks for property tests: several blocks, recurrent and inhibitory
 * synapses, every decay regime, long refractory delays, voltage clipping, and (when asked)
 * weights and exponents big enough to wrap q, u and u + bias.
 */
final class RandomRawNetworks {
    private RandomRawNetworks() {}

    static RawNetwork generate(long seed, boolean wrapProne) {
        Random r = new Random(seed);
        int steps = 20 + r.nextInt(80);
        List<RawBlock> blocks = new ArrayList<>();
        int blockCount = 1 + r.nextInt(4);
        for (int b = 0; b < blockCount; b++) {
            blocks.add(block(r, "B" + b, wrapProne));
        }
        List<RawInput> inputs = new ArrayList<>();
        int inputCount = r.nextInt(3);
        for (int i = 0; i < inputCount; i++) {
            inputs.add(input(r, "in" + i, steps));
        }
        List<RawSynapse> synapses = new ArrayList<>();
        int synapseCount = 1 + r.nextInt(6);
        for (int s = 0; s < synapseCount; s++) {
            boolean fromInput = !inputs.isEmpty() && r.nextInt(3) == 0;
            String pre;
            int nPre;
            if (fromInput) {
                RawInput in = inputs.get(r.nextInt(inputs.size()));
                pre = in.name();
                nPre = in.axons();
            } else {
                RawBlock b = blocks.get(r.nextInt(blocks.size()));
                pre = b.name();
                nPre = b.n();
            }
            RawBlock post = blocks.get(r.nextInt(blocks.size()));
            synapses.add(new RawSynapse(pre, post.name(), weights(r, nPre, post.n(), wrapProne),
                    wrapProne ? 4 + r.nextInt(4) : -7 + r.nextInt(15)));
        }
        return new RawNetwork(steps, blocks, inputs, synapses);
    }

    private static RawBlock block(Random r, String name, boolean wrapProne) {
        return block(r, name, wrapProne, 1 + r.nextInt(40), null);
    }

    /** A random block of n compartments; vmin and vmax exponents {@code exps} or, null, random. */
    static RawBlock block(Random r, String name, boolean wrapProne, int n, int[] exps) {
        int[] decayU = new int[n];
        int[] decayV = new int[n];
        int[] vth = new int[n];
        int[] biasMant = new int[n];
        int[] biasExp = new int[n];
        int[] refract = new int[n];
        // a block without bias rests at zero between inputs, which the runtime may skip
        boolean biasFree = r.nextInt(3) == 0;
        // integrate-and-fire blocks (u = q, v kept whole), the compiler's usual neuron
        boolean integrateAndFire = r.nextInt(4) == 0;
        for (int i = 0; i < n; i++) {
            decayU[i] = integrateAndFire ? 4095 : pick(r, new int[] {0, 1, 2048, 4094, 4095, r.nextInt(4096)});
            decayV[i] = integrateAndFire ? 0 : pick(r, new int[] {0, 0, 1, 410, 4095, r.nextInt(4096)});
            vth[i] = wrapProne ? 1 + r.nextInt(131071) : 1 + r.nextInt(r.nextBoolean() ? 40 : 3000);
            biasMant[i] = biasFree || r.nextInt(3) == 0 ? 0 : -4095 + r.nextInt(8191);
            biasExp[i] = r.nextInt(8);
            refract[i] = r.nextInt(4) == 0 ? 1 + r.nextInt(63) : 1 + r.nextInt(4);
            if (!wrapProne && !biasFree && r.nextInt(5) == 0) {
                // bias x 2^6 = vth x 64: an integrator lands exactly on vth, where "v > vth" must not fire
                vth[i] = 1 + r.nextInt(4095);
                biasMant[i] = vth[i];
                biasExp[i] = 6;
                decayV[i] = 0;
            }
        }
        return new RawBlock(name, n, decayU, decayV, vth, biasMant, biasExp, refract,
                exps == null ? r.nextInt(24) : exps[0], exps == null ? r.nextInt(8) : exps[1]);
    }

    private static RawInput input(Random r, String name, int steps) {
        return input(r, name, 1 + r.nextInt(10), steps);
    }

    /** An input of {@code axons} axons spiking at random with one random rate. */
    static RawInput input(Random r, String name, int axons, int steps) {
        double rate = 0.05 + 0.5 * r.nextDouble();
        int[][] times = new int[axons][];
        for (int a = 0; a < axons; a++) {
            List<Integer> t = new ArrayList<>();
            for (int step = 1; step <= steps; step++) {
                if (r.nextDouble() < rate) {
                    t.add(step);
                }
            }
            times[a] = t.stream().mapToInt(Integer::intValue).toArray();
        }
        return new RawInput(name, axons, times);
    }

    static int[][] weights(Random r, int rows, int cols, boolean wrapProne) {
        double density = 0.2 + 0.8 * r.nextDouble();
        int[][] w = new int[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (r.nextDouble() < density) {
                    w[i][j] = wrapProne ? (r.nextBoolean() ? 255 - r.nextInt(20) : -256 + r.nextInt(60))
                            : -256 + r.nextInt(512);
                }
            }
        }
        return w;
    }

    private static int pick(Random r, int[] options) {
        return options[r.nextInt(options.length)];
    }
}
