package dev.loihi.compiler.pack;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.compiler.discretize.DiscreteBlock;
import dev.loihi.compiler.discretize.DiscreteConnection;
import dev.loihi.compiler.discretize.DiscreteNetwork;
import dev.loihi.compiler.net.Input;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.compiler.partition.AxonRow;
import dev.loihi.compiler.partition.BlockSplit;
import dev.loihi.compiler.partition.Partition;
import dev.loihi.compiler.partition.Placement;
import dev.loihi.compiler.partition.PopulationShare;
import dev.loihi.compiler.partition.Topology;
import dev.loihi.image.ChipLimits;
import dev.loihi.image.CompartmentProfile;
import dev.loihi.image.CoreImage;
import dev.loihi.image.InputAxon;
import dev.loihi.image.InputPort;
import dev.loihi.image.OutputPort;
import dev.loihi.image.SynapseFormat;
import dev.loihi.image.WeightList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The pack pass: builds the register image of every core in image order (chip by chip), the
 * routing from each compartment to the input axons it feeds, the host's input ports and the
 * output ports. Input axons of a core follow {@link Topology} order (incoming connection, then
 * pre neuron) and hold the synapses {@link AxonRow} lays out, in the dense or sparse form the
 * partitioner chose, so memory use matches its budget exactly. A shared-weight connection gives
 * population axons (one per pre axon reaching the core) and the core's weight lists, as
 * {@link PopulationShare} cuts them for the partitioner; routes to them carry the pre neuron's atom.
 */
public final class Packer {

    public PackedCores pack(DiscreteNetwork network, Partition partition, Placement placement) {
        Topology topology = Topology.of(network);
        int[] firstId = partition.firstCoreIds();
        int[] ids = placement.idsInImageOrder();
        CoreAxons[] axons = new CoreAxons[placement.cores()];
        for (BlockSplit split : partition.blocks()) {
            for (int r = 0; r < split.cores(); r++) {
                int id = firstId[split.block()] + r;
                axons[id] = coreAxons(network, topology, split, r, placement.imageIndex()[id]);
            }
        }
        RouteTable routes = RouteTable.build(network, axons, ids);

        CoreImage[] cores = new CoreImage[ids.length];
        long routeCount = 0;
        long interChip = 0;
        for (BlockSplit split : partition.blocks()) {
            DiscreteBlock block = network.blocks().get(split.block());
            int b = split.block();
            for (int r = 0; r < split.cores(); r++) {
                int id = firstId[b] + r;
                int position = placement.imageIndex()[id];
                int from = split.start(r);
                int to = split.end(r);
                int[] start = routes.start[b];
                int[] routeStart = new int[to - from + 1];
                for (int c = from; c <= to; c++) {
                    routeStart[c - from] = start[c] - start[from];
                }
                int[] routeCore = Arrays.copyOfRange(routes.core[b], start[from], start[to]);
                int[] routeAxon = Arrays.copyOfRange(routes.axon[b], start[from], start[to]);
                int[] routeAtom = Arrays.copyOfRange(routes.atom[b], start[from], start[to]);
                routeCount += routeCore.length;
                for (int target : routeCore) {
                    if (placement.chip()[ids[target]] != placement.chip()[id]) {
                        interChip++;
                    }
                }
                cores[position] = coreImage(block, placement.chip()[id], placement.coreOnChip()[id], position,
                        from, to, axons[id], routeStart, routeCore, routeAxon, routeAtom);
            }
        }
        return new PackedCores(placement.chipsUsed(), Arrays.asList(cores), inputPorts(network, routes),
                outputPorts(network, partition, placement), routeCount, interChip);
    }

    private static CoreAxons coreAxons(DiscreteNetwork network, Topology topology, BlockSplit split, int r,
                                       int position) {
        DiscreteBlock block = network.blocks().get(split.block());
        int from = split.start(r);
        int to = split.end(r);
        ProfileTable<SynapseFormat> formats = new ProfileTable<>(CompilerErrors.PACK_SYNAPSE_FORMATS, "synapseFormats",
                ChipLimits.SYNAPSE_FORMATS_PER_CORE, where(block, position));
        int[] compartments = new int[to - from];
        int[] weights = new int[to - from];
        List<InputAxon> axons = new ArrayList<>();
        List<WeightList> lists = new ArrayList<>();
        int[] incoming = topology.incoming(split.block());
        int[] sourceConnection = new int[split.inputAxons()[r]];
        int[] sourcePre = new int[split.inputAxons()[r]];
        int[] sourceAxon = new int[split.inputAxons()[r]];
        Arrays.fill(sourceAxon, -1);
        for (int k = 0; k < incoming.length; k++) {
            DiscreteConnection conn = network.connections().get(incoming[k]);
            boolean dense = split.dense(r, k);
            if (conn.isPopulation()) {
                SynapseFormat f = conn.format(dense);
                PopulationShare share = PopulationShare.of(conn.population(), from, to, conn.format(true).bitsPerSynapse(),
                        conn.format(false).bitsPerSynapse());
                int format = share.axons() > 0 ? formats.indexOf(f) : -1;
                int firstList = lists.size();
                for (int l = 0; l < share.lists(); l++) {
                    int[][][] rows = share.rows(l, dense);
                    lists.add(new WeightList(format, rows[0], rows[1]));
                }
                for (int x = 0; x < share.axons(); x++) {
                    if (axons.size() == sourcePre.length) {
                        throw disagreement(block, position, sourcePre.length);
                    }
                    sourceConnection[axons.size()] = incoming[k];
                    sourcePre[axons.size()] = -1;
                    sourceAxon[axons.size()] = share.preAxons()[x];
                    axons.add(InputAxon.population(conn.population().popType(), firstList + share.list()[x],
                            share.base()[x]));
                }
                continue;
            }
            int format = -1;
            for (int i = 0; i < conn.nPre(); i++) {
                int count = AxonRow.fill(conn, i, from, to, dense, compartments, weights);
                if (count == 0) {
                    continue;
                }
                if (format < 0) {
                    format = formats.indexOf(conn.format(dense));
                }
                if (axons.size() == sourcePre.length) {
                    throw disagreement(block, position, sourcePre.length);
                }
                sourceConnection[axons.size()] = incoming[k];
                sourcePre[axons.size()] = i;
                axons.add(new InputAxon(format, Arrays.copyOf(compartments, count), Arrays.copyOf(weights, count)));
            }
        }
        if (axons.size() != sourcePre.length) {
            throw disagreement(block, position, sourcePre.length);
        }
        return new CoreAxons(axons, lists, formats.entries(), sourceConnection, sourcePre, sourceAxon);
    }

    /** A bug, not a user error: both passes lay out axons with AxonRow and must count alike. */
    private static IllegalStateException disagreement(DiscreteBlock block, int position, int partitioned) {
        return new IllegalStateException("packer and partitioner disagree on input axons: layer=" + block.name()
                + ", core=" + position + ", partitioned=" + partitioned);
    }

    /** One block per core: every compartment shares the block's profile and threshold. */
    private static CoreImage coreImage(DiscreteBlock block, int chip, int coreOnChip, int position, int from, int to,
                                       CoreAxons axons, int[] routeStart, int[] routeCore, int[] routeAxon,
                                       int[] routeAtom) {
        int n = to - from;
        ProfileTable<CompartmentProfile> profiles = new ProfileTable<>(CompilerErrors.PACK_COMPARTMENT_PROFILES, "compartmentProfiles",
                ChipLimits.COMPARTMENT_PROFILES_PER_CORE, where(block, position));
        ProfileTable<Integer> thresholds = new ProfileTable<>(CompilerErrors.PACK_THRESHOLD_PROFILES, "thresholdProfiles",
                ChipLimits.THRESHOLD_PROFILES_PER_CORE, where(block, position));
        int[] compartmentProfile = new int[n];
        Arrays.fill(compartmentProfile,
                profiles.indexOf(new CompartmentProfile(block.decayU(), block.decayV(), block.refractDelay())));
        int[] thresholdProfile = new int[n];
        Arrays.fill(thresholdProfile, thresholds.indexOf(block.vthMant()));
        int[] vthMants = thresholds.entries().stream().mapToInt(Integer::intValue).toArray();
        return new CoreImage(chip, coreOnChip, block.name(), n, block.vminExp(), block.vmaxExp(),
                profiles.entries(), vthMants, axons.formats(), compartmentProfile, thresholdProfile,
                Arrays.copyOfRange(block.biasMant(), from, to), Arrays.copyOfRange(block.biasExp(), from, to),
                axons.axons(), axons.lists(), routeStart, routeCore, routeAxon, routeAtom);
    }

    private static String where(DiscreteBlock block, int position) {
        return "layer=" + block.name() + ", core=" + position;
    }

    private static List<InputPort> inputPorts(DiscreteNetwork network, RouteTable routes) {
        List<InputPort> ports = new ArrayList<>();
        int blocks = network.blocks().size();
        for (int i = 0; i < network.inputs().size(); i++) {
            Input input = network.inputs().get(i);
            int s = blocks + i;
            ports.add(new InputPort(input.name(), input.n(), routes.start[s], routes.core[s], routes.axon[s]));
        }
        return ports;
    }

    private static List<OutputPort> outputPorts(DiscreteNetwork network, Partition partition, Placement placement) {
        int[] firstId = partition.firstCoreIds();
        List<OutputPort> ports = new ArrayList<>();
        for (String name : network.outputs()) {
            int b = network.blockIndex(name);
            DiscreteBlock block = network.blocks().get(b);
            BlockSplit split = partition.blocks().get(b);
            int[] core = new int[block.n()];
            int[] compartment = new int[block.n()];
            for (int r = 0; r < split.cores(); r++) {
                int position = placement.imageIndex()[firstId[b] + r];
                for (int j = split.start(r); j < split.end(r); j++) {
                    core[j] = position;
                    compartment[j] = j - split.start(r);
                }
            }
            OutputPort.Kind kind = block.type() == NeuronType.READOUT ? OutputPort.Kind.VOLTAGE : OutputPort.Kind.SPIKES;
            ports.add(new OutputPort(name, kind, core, compartment));
        }
        return ports;
    }
}
