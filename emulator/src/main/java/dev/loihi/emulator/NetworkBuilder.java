package dev.loihi.emulator;

import dev.loihi.image.ChipLimits;
import dev.loihi.image.OutputPort;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects a network in chip terms (cores with per-compartment registers, input axons with
 * effective weights, routes, host ports) and lays it out as a {@link NetworkLayout}. Both the
 * image loader and the raw network loader feed it, so both run on the same stepping code.
 * Callers pass values already checked against their ranges.
 */
final class NetworkBuilder {
    private final List<CoreDraft> cores = new ArrayList<>();
    private final List<PortDraft> inputs = new ArrayList<>();
    private final List<String> outputNames = new ArrayList<>();
    private final List<OutputPort.Kind> outputKinds = new ArrayList<>();
    private final List<int[]> outputCompartments = new ArrayList<>();
    private final List<int[]> outputCores = new ArrayList<>();

    private static final class CoreDraft {
        final String name;
        final int n;
        final int vmin;
        final int vmax;
        final int[] decayU;
        final int[] decayV;
        final int[] vth;
        final int[] bias;
        final int[] refractDelay;
        final List<int[]> axonCompartments = new ArrayList<>();
        final List<int[]> axonWeights = new ArrayList<>();
        /** Triples (compartment, target core, target axon). */
        final IntList routes = new IntList();

        CoreDraft(String name, int n, int vmin, int vmax) {
            this.name = name;
            this.n = n;
            this.vmin = vmin;
            this.vmax = vmax;
            decayU = new int[n];
            decayV = new int[n];
            vth = new int[n];
            bias = new int[n];
            refractDelay = new int[n];
        }
    }

    private record PortDraft(String name, int axons, IntList targets) {}

    int addCore(String name, int compartments, long vmin, long vmax) {
        if (compartments > ChipLimits.COMPARTMENTS_PER_CORE) {
            throw new IllegalArgumentException("core " + name + ": compartments=" + compartments);
        }
        cores.add(new CoreDraft(name, compartments, (int) vmin, (int) vmax));
        return cores.size() - 1;
    }

    /** Registers of one compartment: decays 0..4095, vth and bias as integers (mantissa already scaled). */
    void compartment(int core, int index, int decayU, int decayV, int vth, int bias, int refractDelay) {
        CoreDraft d = cores.get(core);
        d.decayU[index] = decayU;
        d.decayV[index] = decayV;
        d.vth[index] = vth;
        d.bias[index] = bias;
        d.refractDelay[index] = refractDelay;
    }

    /** Adds an input axon to {@code core}; weights are the integers added to q. Returns its index. */
    int addAxon(int core, int[] compartments, int[] weights) {
        CoreDraft d = cores.get(core);
        d.axonCompartments.add(compartments);
        d.axonWeights.add(weights);
        return d.axonCompartments.size() - 1;
    }

    void route(int core, int compartment, int targetCore, int targetAxon) {
        IntList r = cores.get(core).routes;
        r.add(compartment);
        r.add(targetCore);
        r.add(targetAxon);
    }

    int addInputPort(String name, int axons) {
        inputs.add(new PortDraft(name, axons, new IntList()));
        return inputs.size() - 1;
    }

    void inputTarget(int port, int axon, int core, int coreAxon) {
        IntList t = inputs.get(port).targets;
        t.add(axon);
        t.add(core);
        t.add(coreAxon);
    }

    int addOutputPort(String name, OutputPort.Kind kind, int[] cores, int[] compartments) {
        outputNames.add(name);
        outputKinds.add(kind);
        outputCores.add(cores.clone());
        outputCompartments.add(compartments.clone());
        return outputNames.size() - 1;
    }

    NetworkLayout build() {
        int coreCount = cores.size();
        List<IntList> routeLists = mergeAxons();
        int[] axonCounts = new int[coreCount];
        for (int c = 0; c < coreCount; c++) {
            axonCounts[c] = cores.get(c).axonCompartments.size();
        }
        List<IntList> allTriples = new ArrayList<>(routeLists);
        for (PortDraft port : inputs) {
            allTriples.add(port.targets());
        }
        // axons nothing sends to any more (their senders now use merged ones) get no block
        boolean[][] used = AxonMerger.used(allTriples, axonCounts);
        int[] coreStart = new int[coreCount + 1];
        int[] axonBase = new int[coreCount + 1];
        long memoryShorts = 0;
        for (int c = 0; c < coreCount; c++) {
            CoreDraft d = cores.get(c);
            coreStart[c + 1] = coreStart[c] + d.n;
            axonBase[c + 1] = axonBase[c] + d.axonCompartments.size();
            for (int a = 0; a < d.axonCompartments.size(); a++) {
                if (used[c][a]) {
                    memoryShorts += SynapseBlock.shorts(d.axonCompartments.get(a), d.axonWeights.get(a));
                }
            }
        }
        if (memoryShorts > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("synapse memory of " + memoryShorts + " shorts exceeds one array");
        }
        int compartments = coreStart[coreCount];
        int axons = axonBase[coreCount];

        String[] names = new String[coreCount];
        int[] vmin = new int[coreCount];
        int[] vmax = new int[coreCount];
        int[] uKeep = new int[compartments];
        int[] vKeep = new int[compartments];
        int[] vth = new int[compartments];
        int[] bias = new int[compartments];
        int[] refract = new int[compartments];
        SynapseMemoryBuilder memory = new SynapseMemoryBuilder((int) memoryShorts);
        // block offset of each global axon, or -1 when it has no non-zero synapse (spikes to it change nothing)
        int[] axonBlock = new int[axons];
        for (int c = 0; c < coreCount; c++) {
            CoreDraft d = cores.get(c);
            names[c] = d.name;
            vmin[c] = d.vmin;
            vmax[c] = d.vmax;
            for (int i = 0; i < d.n; i++) {
                int g = coreStart[c] + i;
                uKeep[g] = ChipLimits.DECAY_ONE - 1 - d.decayU[i];
                vKeep[g] = ChipLimits.DECAY_ONE - d.decayV[i];
                vth[g] = d.vth[i];
                bias[g] = d.bias[i];
                refract[g] = d.refractDelay[i];
            }
        }
        placeBlocks(routeLists, used, axonBase, axonBlock, memory);

        Targets routes = compress(compartments, routeLists, coreStart, axonBase, axonBlock);
        int ports = inputs.size();
        String[] inputNames = new String[ports];
        int[] inputAxons = new int[ports];
        int[][] targetStart = new int[ports][];
        int[][] targetPairs = new int[ports][];
        for (int p = 0; p < ports; p++) {
            PortDraft port = inputs.get(p);
            inputNames[p] = port.name();
            inputAxons[p] = port.axons();
            Targets t = compress(port.axons(), List.of(port.targets()), new int[] {0}, axonBase, axonBlock);
            targetStart[p] = t.start();
            targetPairs[p] = t.pairs();
        }

        int[][] outputs = new int[outputNames.size()][];
        for (int p = 0; p < outputs.length; p++) {
            int[] oc = outputCores.get(p);
            int[] comp = outputCompartments.get(p);
            outputs[p] = new int[oc.length];
            for (int k = 0; k < oc.length; k++) {
                outputs[p][k] = coreStart[oc[k]] + comp[k];
            }
        }
        return new NetworkLayout(names, coreStart, vmin, vmax, uKeep, vKeep, vth, bias, refract,
                memory.toArray(), routes.start(), routes.pairs(),
                inputNames, inputAxons, targetStart, targetPairs,
                outputNames.toArray(new String[0]), outputKinds.toArray(new OutputPort.Kind[0]), outputs);
    }

    /**
     * Writes each used axon's block into synapse memory and notes its offset in
     * {@code axonBlock} (-1: no block, spikes there change nothing). Blocks go in the order of
     * the routes that reach them, sender by sender, so that the blocks one spike reaches lie side
     * by side: on a full chip a spike's 4 blocks are then one run of memory read at one place,
     * not 4 places in 21 MB. Axons that only the host reaches follow.
     */
    private void placeBlocks(List<IntList> routeLists, boolean[][] used, int[] axonBase, int[] axonBlock,
                             SynapseMemoryBuilder memory) {
        final int unplaced = -2;
        Arrays.fill(axonBlock, unplaced);
        for (IntList routes : routeLists) {
            for (int k = 0; k < routes.size(); k += 3) {
                int core = routes.get(k + 1);
                int axon = routes.get(k + 2);
                if (used[core][axon] && axonBlock[axonBase[core] + axon] == unplaced) {
                    axonBlock[axonBase[core] + axon] = writeBlock(core, axon, memory);
                }
            }
        }
        for (int c = 0; c < cores.size(); c++) {
            CoreDraft d = cores.get(c);
            for (int a = 0; a < d.axonCompartments.size(); a++) {
                if (axonBlock[axonBase[c] + a] == unplaced) {
                    axonBlock[axonBase[c] + a] = used[c][a] ? writeBlock(c, a, memory) : -1;
                }
            }
        }
    }

    /** Writes the block of {@code core}'s input axon {@code axon}; its offset, -1 when every weight is zero. */
    private int writeBlock(int core, int axon, SynapseMemoryBuilder memory) {
        CoreDraft d = cores.get(core);
        return memory.add(d.axonCompartments.get(axon), d.axonWeights.get(axon));
    }

    /**
     * Merges the axons each compartment (and each host input axon) reaches on one core, see
     * {@link AxonMerger}; rewrites the input ports' targets and returns the cores' routes.
     */
    private List<IntList> mergeAxons() {
        long shorts = 0;
        for (CoreDraft d : cores) {
            for (int a = 0; a < d.axonCompartments.size(); a++) {
                shorts += SynapseBlock.shorts(d.axonCompartments.get(a), d.axonWeights.get(a));
            }
        }
        AxonMerger merger = new AxonMerger(new AxonMerger.Axons() {
            @Override
            public int[] compartments(int core, int axon) {
                return cores.get(core).axonCompartments.get(axon);
            }

            @Override
            public int[] weights(int core, int axon) {
                return cores.get(core).axonWeights.get(axon);
            }

            @Override
            public int add(int core, int[] compartments, int[] weights) {
                return addAxon(core, compartments, weights);
            }
        }, shorts);
        List<IntList> routeLists = new ArrayList<>();
        for (CoreDraft d : cores) {
            routeLists.add(merger.merge(d.routes));
        }
        for (int p = 0; p < inputs.size(); p++) {
            PortDraft port = inputs.get(p);
            inputs.set(p, new PortDraft(port.name(), port.axons(), merger.merge(port.targets())));
        }
        return routeLists;
    }

    /** Compressed rows of targets; target k is the pair (core, block offset) at {@code pairs[2k]}. */
    private record Targets(int[] start, int[] pairs) {}

    /**
     * Turns (row, core, axon) triples into compressed rows over {@code rows} rows; list k's rows
     * are offset by {@code rowBase[k]}. Targets on axons without a block are left out: a spike
     * there changes nothing, and skipping it saves a lookup per spike.
     */
    private static Targets compress(int rows, List<IntList> tripleLists, int[] rowBase, int[] axonBase, int[] axonBlock) {
        int[] start = new int[rows + 1];
        for (int k = 0; k < tripleLists.size(); k++) {
            IntList t = tripleLists.get(k);
            for (int i = 0; i < t.size(); i += 3) {
                if (axonBlock[axonBase[t.get(i + 1)] + t.get(i + 2)] >= 0) {
                    start[rowBase[k] + t.get(i) + 1]++;
                }
            }
        }
        for (int r = 0; r < rows; r++) {
            start[r + 1] += start[r];
        }
        int[] pairs = new int[2 * start[rows]];
        int[] next = start.clone();
        for (int k = 0; k < tripleLists.size(); k++) {
            IntList t = tripleLists.get(k);
            for (int i = 0; i < t.size(); i += 3) {
                int b = axonBlock[axonBase[t.get(i + 1)] + t.get(i + 2)];
                if (b >= 0) {
                    int slot = next[rowBase[k] + t.get(i)]++;
                    pairs[2 * slot] = t.get(i + 1);
                    pairs[2 * slot + 1] = b;
                }
            }
        }
        return new Targets(start, pairs);
    }
}
