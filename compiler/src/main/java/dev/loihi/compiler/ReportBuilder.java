package dev.loihi.compiler;

import dev.loihi.compiler.discretize.DiscreteBlock;
import dev.loihi.compiler.discretize.DiscreteConnection;
import dev.loihi.compiler.discretize.DiscreteNetwork;
import dev.loihi.compiler.discretize.LayerPrecision;
import dev.loihi.compiler.pack.PackedCores;
import dev.loihi.compiler.partition.BlockSplit;
import dev.loihi.compiler.partition.DenseCost;
import dev.loihi.compiler.partition.Partition;
import dev.loihi.compiler.partition.Placement;
import dev.loihi.compiler.report.CompileReport;
import dev.loihi.compiler.report.CoreRow;
import dev.loihi.compiler.report.Diagnostic;
import dev.loihi.compiler.report.LayerRow;
import dev.loihi.compiler.report.Utilization;
import dev.loihi.image.ChipLimits;
import dev.loihi.image.ImageStats;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Gathers the passes' outputs into a {@link CompileReport}; core use is measured on the packed cores. */
final class ReportBuilder {
    private ReportBuilder() {}

    static CompileReport build(DiscreteNetwork network, Partition partition, Placement placement, PackedCores packed,
                               List<Diagnostic> warnings) {
        int[] firstId = partition.firstCoreIds();
        List<ImageStats.CoreStats> stats = new ArrayList<>();
        for (int i = 0; i < packed.cores().size(); i++) {
            stats.add(ImageStats.of(i, packed.cores().get(i), packed.cores()));
        }
        List<LayerRow> layers = new ArrayList<>();
        for (BlockSplit split : partition.blocks()) {
            DiscreteBlock block = network.blocks().get(split.block());
            LayerPrecision p = network.precision().get(split.block());
            long[] bits = synapseBits(network, split, stats);
            long chips = IntStream.range(0, split.cores())
                    .map(r -> placement.chip()[firstId[split.block()] + r]).distinct().count();
            layers.add(new LayerRow(block.name(), block.type().name(), block.n(), split.cores(), (int) chips,
                    p.scale(), p.bindingLimit(), (long) block.vthMant() << ChipLimits.VTH_SHIFT, p.weightRmsError(),
                    p.bitsLost(), p.zeroedWeights(), p.biasMin(), p.biasMax(), p.maxRate(), bits[0], bits[1]));
        }
        List<CoreRow> cores = new ArrayList<>();
        double[] sum = new double[4];
        double[] max = new double[4];
        for (int i = 0; i < packed.cores().size(); i++) {
            ImageStats.CoreStats s = stats.get(i);
            cores.add(new CoreRow(i, s.chip(), s.coreOnChip(), s.layer(), s.compartments(), s.inputAxons(),
                    s.outputAxonSlots(), s.synapses(), s.synapseBits()));
            double[] use = {s.compartmentFraction(), s.inputAxonFraction(), s.outputAxonSlotFraction(),
                    s.synapseMemoryFraction()};
            for (int k = 0; k < use.length; k++) {
                sum[k] += use[k];
                max[k] = Math.max(max[k], use[k]);
            }
        }
        int n = Math.max(1, cores.size());
        Utilization utilization = new Utilization(cores.size(), placement.chipsAvailable() * ChipLimits.CORES_PER_CHIP,
                placement.chipsUsed(), placement.chipsAvailable(), sum[0] / n, max[0], sum[1] / n, max[1],
                sum[2] / n, max[2], sum[3] / n, max[3], packed.routes(), packed.interChipRoutes());
        return new CompileReport(network.name(), layers, cores, utilization, warnings);
    }

    /** The block's synapse bits on its cores, and the same with its shared-weight connections expanded. */
    private static long[] synapseBits(DiscreteNetwork network, BlockSplit split, List<ImageStats.CoreStats> stats) {
        String name = network.blocks().get(split.block()).name();
        long used = stats.stream().filter(s -> name.equals(s.layer())).mapToLong(ImageStats.CoreStats::synapseBits).sum();
        long dense = used;
        List<DiscreteConnection> incoming = network.connections().stream()
                .filter(c -> c.postBlock() == split.block()).toList();
        for (DiscreteConnection c : incoming) {
            if (c.isPopulation()) {
                dense += DenseCost.synapseBits(c, split.bounds()) - DenseCost.sharedBits(c, split.bounds());
            }
        }
        return new long[] {used, dense};
    }
}
