package dev.loihi.compiler.convert;

import dev.loihi.compiler.net.Weights;

/**
 * A readout reading more axons than a core has, cut by its inputs. Every input of a compartment
 * arrives on an axon of its core, so a readout unit over a wide layer (a global pool or a Flatten
 * of a large convolution, folded into the readout, with its copies) has no single compartment.
 * The readout is a value the host reads, not a spike, so it needs none: its pre neurons are cut
 * into equal runs of whole units (a unit's copies stay together) of at most
 * {@link CopyBudget#MAX_FAN_IN}, output j's part p reads run p in
 * compartment p x outputs + j, the bias stands in part 0, and the host sums the parts
 * ({@code InputEncoding.readoutParts}). Exact, and no spiking layer is added.
 */
final class ReadoutParts {
    private ReadoutParts() {}

    /**
     * Parts the readout with these weights (pre neurons x outputs) needs: one unless a column passes
     * a core's axons. {@code unit} is the rows of one pre unit (its copies, and for the input both
     * signs of each copy), which a part never cuts: the copies' weights are rounded by their sum.
     */
    static int count(Weights w, int unit) {
        if (CopyBudget.widestColumn(w) <= CopyBudget.MAX_FAN_IN) {
            return 1;
        }
        long units = w.rows() / unit;
        long perPart = Math.max(1, CopyBudget.MAX_FAN_IN / unit);
        return (int) ((units + perPart - 1) / perPart);
    }

    /** The weights onto {@code parts} x outputs compartments: the pre units in {@code parts} runs of equal length. */
    static Weights split(Weights w, int parts, int unit) {
        if (parts == 1) {
            return w;
        }
        int outputs = w.columns();
        int units = w.rows() / unit;
        int run = (units + parts - 1) / parts * unit;
        Weights.Builder b = new Weights.Builder(w.rows(), outputs * parts, w.entries());
        for (int i = 0; i < w.rows(); i++) {
            int part = i / run;
            for (int e = w.start(i); e < w.start(i + 1); e++) {
                b.add(part * outputs + w.column(e), w.value(e));
            }
            b.endRow();
        }
        return b.build();
    }

    /** The readout's bias in part 0, nothing in the others. */
    static double[] bias(double[] bias, int parts) {
        double[] out = new double[bias.length * parts];
        System.arraycopy(bias, 0, out, 0, bias.length);
        return out;
    }
}
