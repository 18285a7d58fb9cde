package dev.loihi.emulator;

import dev.loihi.image.CompartmentProfile;
import dev.loihi.image.CoreImage;
import dev.loihi.image.Image;
import dev.loihi.image.InputAxon;
import dev.loihi.image.InputPort;
import dev.loihi.image.OutputPort;
import dev.loihi.image.SignMode;
import dev.loihi.image.SynapseFormat;
import dev.loihi.image.WeightField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Seeded random images that pass ImageValidator: several cores over one or two chips, every
 * sign mode and weight width, negative exponents (where the chip's shift drops bits), dense and
 * sparse axons, recurrent routes, and input ports fanning out to several cores.
 */
final class RandomImages {
    private RandomImages() {}

    static Image generate(long seed) {
        Random r = new Random(seed);
        int chips = 1 + r.nextInt(2);
        int coreCount = 1 + r.nextInt(5);
        int[] sizes = new int[coreCount];
        int[] axonCounts = new int[coreCount];
        for (int c = 0; c < coreCount; c++) {
            sizes[c] = 1 + r.nextInt(50);
            axonCounts[c] = 1 + r.nextInt(20);
        }
        List<CoreImage> cores = new ArrayList<>();
        for (int c = 0; c < coreCount; c++) {
            cores.add(core(r, c, chips, sizes, axonCounts));
        }
        List<InputPort> inputs = new ArrayList<>();
        int ports = 1 + r.nextInt(2);
        for (int p = 0; p < ports; p++) {
            int axons = 1 + r.nextInt(8);
            int[] start = new int[axons + 1];
            List<Integer> tc = new ArrayList<>();
            List<Integer> ta = new ArrayList<>();
            for (int a = 0; a < axons; a++) {
                int targets = 1 + r.nextInt(2);
                for (int k = 0; k < targets; k++) {
                    int core = r.nextInt(coreCount);
                    tc.add(core);
                    ta.add(r.nextInt(axonCounts[core]));
                }
                start[a + 1] = tc.size();
            }
            inputs.add(new InputPort("in" + p, axons, start, toArray(tc), toArray(ta)));
        }
        int last = coreCount - 1;
        int[] outCores = new int[sizes[last]];
        int[] outComps = new int[sizes[last]];
        for (int i = 0; i < sizes[last]; i++) {
            outCores[i] = last;
            outComps[i] = i;
        }
        List<OutputPort> outputs = List.of(new OutputPort("out", OutputPort.Kind.SPIKES, outCores, outComps));
        return new Image(chips, cores, inputs, outputs, "{}");
    }

    /** Random spike times for every input port of {@code image}. */
    static Map<String, int[][]> spikes(Image image, int steps, long seed) {
        Random r = new Random(seed);
        Map<String, int[][]> out = new java.util.LinkedHashMap<>();
        for (InputPort port : image.inputs()) {
            int[][] times = new int[port.axons()][];
            double rate = 0.1 + 0.5 * r.nextDouble();
            for (int a = 0; a < port.axons(); a++) {
                List<Integer> t = new ArrayList<>();
                for (int step = 1; step <= steps; step++) {
                    if (r.nextDouble() < rate) {
                        t.add(step);
                    }
                }
                times[a] = toArray(t);
            }
            out.put(port.name(), times);
        }
        return out;
    }

    private static CoreImage core(Random r, int index, int chips, int[] sizes, int[] axonCounts) {
        int n = sizes[index];
        List<CompartmentProfile> profiles = new ArrayList<>();
        for (int p = 0, count = 1 + r.nextInt(4); p < count; p++) {
            profiles.add(new CompartmentProfile(pick(r, 0, 4095, 2048, r.nextInt(4096)), pick(r, 0, 0, 300, r.nextInt(4096)),
                    r.nextInt(3) == 0 ? 1 + r.nextInt(10) : 1));
        }
        int[] vth = new int[1 + r.nextInt(3)];
        for (int t = 0; t < vth.length; t++) {
            vth[t] = 1 + r.nextInt(r.nextBoolean() ? 50 : 3000);
        }
        List<SynapseFormat> formats = new ArrayList<>();
        for (int f = 0, count = 1 + r.nextInt(3); f < count; f++) {
            SignMode mode = SignMode.values()[r.nextInt(3)];
            formats.add(new SynapseFormat(pick(r, 8, 8, 6, 4, 2), mode, -7 + r.nextInt(15), r.nextBoolean()));
        }
        int[] compartmentProfile = new int[n];
        int[] thresholdProfile = new int[n];
        int[] biasMant = new int[n];
        int[] biasExp = new int[n];
        for (int i = 0; i < n; i++) {
            compartmentProfile[i] = r.nextInt(profiles.size());
            thresholdProfile[i] = r.nextInt(vth.length);
            biasMant[i] = r.nextInt(3) == 0 ? 0 : -4095 + r.nextInt(8191);
            biasExp[i] = r.nextInt(6);
        }
        List<InputAxon> axons = new ArrayList<>();
        for (int a = 0; a < axonCounts[index]; a++) {
            int f = r.nextInt(formats.size());
            SynapseFormat format = formats.get(f);
            int[] comps;
            if (format.dense()) {
                int from = r.nextInt(n);
                int length = 1 + r.nextInt(n - from);
                comps = new int[length];
                for (int k = 0; k < length; k++) {
                    comps[k] = from + k;
                }
            } else {
                TreeSet<Integer> chosen = new TreeSet<>();
                for (int k = 0, count = 1 + r.nextInt(n); k < count; k++) {
                    chosen.add(r.nextInt(n));
                }
                comps = chosen.stream().mapToInt(Integer::intValue).toArray();
            }
            int[] mants = new int[comps.length];
            for (int k = 0; k < mants.length; k++) {
                mants[k] = WeightField.decode(r.nextInt(1 << format.weightBits()), format);
            }
            axons.add(new InputAxon(f, comps, mants));
        }
        int[] routeStart = new int[n + 1];
        List<Integer> rc = new ArrayList<>();
        List<Integer> ra = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int k = 0, count = r.nextInt(4); k < count; k++) {
                int target = r.nextInt(sizes.length);
                rc.add(target);
                ra.add(r.nextInt(axonCounts[target]));
            }
            routeStart[i + 1] = rc.size();
        }
        int chip = index % chips;
        return new CoreImage(chip, index / chips, "layer" + index, n, r.nextInt(24), r.nextInt(8), profiles, vth, formats,
                compartmentProfile, thresholdProfile, biasMant, biasExp, axons, routeStart, toArray(rc), toArray(ra));
    }

    private static int pick(Random r, int... options) {
        return options[r.nextInt(options.length)];
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
