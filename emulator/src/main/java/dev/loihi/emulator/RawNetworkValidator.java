package dev.loihi.emulator;

import dev.loihi.common.LoihiException;
import dev.loihi.image.ChipLimits;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Checks a {@link RawNetwork} against RAW_FORMAT.md and the register ranges of LOIHI.md, once,
 * before anything runs it. Every failure is a {@link LoihiException} with a code from
 * {@link EmulatorErrors} and a one-line message naming the source, block or synapse, and key.
 */
public final class RawNetworkValidator {
    /** Raw weights are 8 bits + sign as written (RAW_FORMAT.md: -256..255). */
    public static final int RAW_WEIGHT_MIN = -256;
    public static final int RAW_WEIGHT_MAX = 255;

    private final String source;

    private RawNetworkValidator(String source) {
        this.source = source;
    }

    /** Throws on the first problem; {@code source} names the file (or "api") in messages. */
    public static void validate(RawNetwork raw, String source) {
        new RawNetworkValidator(source).check(raw);
    }

    private void check(RawNetwork raw) {
        if (raw.steps() < 1) {
            throw fail(EmulatorErrors.RAW_RANGE, "raw network steps out of range", "key=steps, value=" + raw.steps() + ", min=1");
        }
        Set<String> names = new HashSet<>();
        for (RawBlock b : raw.blocks()) {
            checkName(names, b.name(), "block");
            checkBlock(b);
        }
        for (RawInput in : raw.inputs()) {
            checkName(names, in.name(), "input");
            checkInput(in, raw.steps());
        }
        for (int s = 0; s < raw.synapses().size(); s++) {
            checkSynapse(raw, s);
        }
    }

    private void checkName(Set<String> names, String name, String kind) {
        if (name.isEmpty()) {
            throw fail(EmulatorErrors.RAW_MALFORMED, "raw network name is empty", kind + "=\"\", key=name");
        }
        if (!names.add(name)) {
            throw fail(EmulatorErrors.RAW_DUPLICATE_NAME, "raw network name used twice", kind + "=" + name + ", key=name");
        }
    }

    private void checkBlock(RawBlock b) {
        String where = "block=" + b.name();
        if (b.n() < 1) {
            throw fail(EmulatorErrors.RAW_RANGE, "raw block size out of range", where + ", key=n, value=" + b.n() + ", min=1");
        }
        if (b.n() > ChipLimits.COMPARTMENTS_PER_CORE) {
            throw fail(EmulatorErrors.RAW_TOO_LARGE, "raw block does not fit one core",
                    where + ", key=n, value=" + b.n() + ", limit=" + ChipLimits.COMPARTMENTS_PER_CORE);
        }
        checkList(where, "decay_u", b.decayU(), b.n(), 0, ChipLimits.DECAY_MAX);
        checkList(where, "decay_v", b.decayV(), b.n(), 0, ChipLimits.DECAY_MAX);
        checkList(where, "vth_mant", b.vthMant(), b.n(), ChipLimits.VTH_MANT_MIN, ChipLimits.VTH_MANT_MAX);
        checkList(where, "bias_mant", b.biasMant(), b.n(), -ChipLimits.BIAS_MANT_MAX, ChipLimits.BIAS_MANT_MAX);
        checkList(where, "bias_exp", b.biasExp(), b.n(), 0, ChipLimits.BIAS_EXP_MAX);
        checkList(where, "refract_delay", b.refractDelay(), b.n(), ChipLimits.REFRACT_MIN, ChipLimits.REFRACT_MAX);
        checkValue(where, "vmin_exp", -1, b.vminExp(), 0, ChipLimits.VMIN_EXP_MAX);
        checkValue(where, "vmax_exp", -1, b.vmaxExp(), 0, ChipLimits.VMAX_EXP_MAX);
    }

    private void checkList(String where, String key, int[] values, int n, int min, int max) {
        if (values.length != n) {
            throw fail(EmulatorErrors.RAW_LENGTH, "raw list length differs from n",
                    where + ", key=" + key + ", length=" + values.length + ", n=" + n);
        }
        for (int i = 0; i < values.length; i++) {
            checkValue(where, key, i, values[i], min, max);
        }
    }

    private void checkValue(String where, String key, int index, long value, long min, long max) {
        if (value < min || value > max) {
            throw fail(EmulatorErrors.RAW_RANGE, "raw value out of range", where + ", key=" + key
                    + (index >= 0 ? ", index=" + index : "") + ", value=" + value + ", min=" + min + ", max=" + max);
        }
    }

    private void checkInput(RawInput in, int steps) {
        String where = "input=" + in.name();
        if (in.axons() < 1) {
            throw fail(EmulatorErrors.RAW_RANGE, "raw input axon count out of range",
                    where + ", key=n_axons, value=" + in.axons() + ", min=1");
        }
        if (in.spikeTimes().length != in.axons()) {
            throw fail(EmulatorErrors.RAW_LENGTH, "raw spike_times length differs from n_axons",
                    where + ", key=spike_times, length=" + in.spikeTimes().length + ", n_axons=" + in.axons());
        }
        for (int a = 0; a < in.axons(); a++) {
            int[] times = in.spikeTimes()[a];
            if (times == null) {
                throw fail(EmulatorErrors.RAW_MALFORMED, "raw spike_times entry missing", where + ", key=spike_times, axon=" + a);
            }
            for (int t : times) {
                if (t < 1 || t > steps) {
                    throw fail(EmulatorErrors.RAW_RANGE, "raw spike time out of range",
                            where + ", key=spike_times, axon=" + a + ", value=" + t + ", min=1, max=" + steps);
                }
            }
            int[] sorted = times.clone();
            Arrays.sort(sorted);
            for (int i = 1; i < sorted.length; i++) {
                if (sorted[i] == sorted[i - 1]) {
                    throw fail(EmulatorErrors.RAW_DUPLICATE_SPIKE, "raw axon spikes twice in one step",
                            where + ", key=spike_times, axon=" + a + ", step=" + sorted[i]);
                }
            }
        }
    }

    private void checkSynapse(RawNetwork raw, int s) {
        RawSynapse syn = raw.synapses().get(s);
        String where = "synapse=" + s + " (" + syn.pre() + "->" + syn.post() + ")";
        int preBlock = raw.blockIndex(syn.pre());
        int preInput = raw.inputIndex(syn.pre());
        if (preBlock < 0 && preInput < 0) {
            throw fail(EmulatorErrors.RAW_UNKNOWN_NAME, "raw synapse pre names no block or input",
                    where + ", key=pre, value=" + syn.pre());
        }
        int postBlock = raw.blockIndex(syn.post());
        if (postBlock < 0) {
            throw fail(EmulatorErrors.RAW_UNKNOWN_NAME, "raw synapse post names no block",
                    where + ", key=post, value=" + syn.post());
        }
        checkValue(where, "weight_exp", -1, syn.weightExp(), ChipLimits.WEIGHT_EXP_MIN, ChipLimits.WEIGHT_EXP_MAX);
        int nPre = preBlock >= 0 ? raw.blocks().get(preBlock).n() : raw.inputs().get(preInput).axons();
        int nPost = raw.blocks().get(postBlock).n();
        if (syn.isPopulation()) {
            if (preBlock < 0) {
                throw fail(EmulatorErrors.RAW_POPULATION, "raw population synapse pre is not a block",
                        where + ", key=pre, value=" + syn.pre());
            }
            new PopulationCheck(where).check(syn.population(), nPre, nPost);
            return;
        }
        int[][] w = syn.weights();
        if (w.length != nPre) {
            throw fail(EmulatorErrors.RAW_SHAPE, "raw weight matrix rows differ from pre size",
                    where + ", key=weights, rows=" + w.length + ", n_pre=" + nPre);
        }
        for (int i = 0; i < w.length; i++) {
            if (w[i] == null || w[i].length != nPost) {
                throw fail(EmulatorErrors.RAW_SHAPE, "raw weight matrix row length differs from post size",
                        where + ", key=weights, row=" + i + ", length=" + (w[i] == null ? 0 : w[i].length) + ", n_post=" + nPost);
            }
            for (int j = 0; j < w[i].length; j++) {
                if (w[i][j] < RAW_WEIGHT_MIN || w[i][j] > RAW_WEIGHT_MAX) {
                    throw fail(EmulatorErrors.RAW_RANGE, "raw weight out of range", where + ", key=weights, row=" + i
                            + ", column=" + j + ", value=" + w[i][j] + ", min=" + RAW_WEIGHT_MIN + ", max=" + RAW_WEIGHT_MAX);
                }
            }
        }
    }

    /** RAW_FORMAT.md, "Population synapses", with the chip's rules of LOIHI.md. */
    private final class PopulationCheck {
        private final String where;

        PopulationCheck(String where) {
            this.where = where + ", key=population";
        }

        void check(RawPopulation p, int nPre, int nPost) {
            if (p.popType() != 16 && p.popType() != 32) {
                throw fail(EmulatorErrors.RAW_RANGE, "raw pop_type is not 16 or 32", where + ".pop_type, value=" + p.popType());
            }
            length("axon", p.axon().length, nPre, "n_pre");
            length("atom", p.atom().length, nPre, "n_pre");
            int axons = p.base().length;
            length("list", p.list().length, axons, "n_axons (length of base)");
            int atoms = p.lists().isEmpty() ? 0 : p.lists().get(0).weights().length;
            for (int k = 0; k < p.lists().size(); k++) {
                list(p.lists().get(k), k, atoms, nPost);
            }
            int axonLimit = ChipLimits.populationAxons(p.popType(), atoms);
            if (axons > axonLimit) {
                throw fail(EmulatorErrors.RAW_POPULATION, "raw population axons exceed what the spike addresses",
                        where + ".base, n_axons=" + axons + ", atoms=" + atoms + ", pop_type=" + p.popType() + ", limit=" + axonLimit);
            }
            if (atoms > ChipLimits.populationAtoms(p.popType())) {
                throw fail(EmulatorErrors.RAW_POPULATION, "raw population atoms exceed what the spike carries",
                        where + ".lists, atoms=" + atoms + ", pop_type=" + p.popType() + ", limit=" + ChipLimits.populationAtoms(p.popType()));
            }
            for (int a = 0; a < axons; a++) {
                int base = p.base()[a];
                if (base != -1 && (base < 0 || base > ChipLimits.POP_BASE_MAX)) {
                    throw fail(EmulatorErrors.RAW_POPULATION, "raw population base out of range",
                            where + ".base, axon=" + a + ", value=" + base + ", allowed=-1 or 0.." + ChipLimits.POP_BASE_MAX);
                }
                if (base > 0 && p.popType() == 16 && base % ChipLimits.POP16_BASE_STEP != 0) {
                    throw fail(EmulatorErrors.RAW_POPULATION, "raw pop16 base is not a multiple of 4",
                            where + ".base, axon=" + a + ", value=" + base);
                }
                int l = p.list()[a];
                if (l < 0 || l >= p.lists().size()) {
                    throw fail(EmulatorErrors.RAW_RANGE, "raw population list index out of range",
                            where + ".list, axon=" + a + ", value=" + l + ", min=0, max=" + (p.lists().size() - 1));
                }
                int reach = base + maxIndex(p.lists().get(l));
                if (base >= 0 && reach >= nPost) {
                    throw fail(EmulatorErrors.RAW_POPULATION, "raw population axon reaches past post",
                            where + ", axon=" + a + ", base=" + base + ", list=" + l + ", compartment=" + reach + ", n_post=" + nPost);
                }
            }
            for (int i = 0; i < nPre; i++) {
                int a = p.axon()[i];
                if (a < -1 || a >= axons) {
                    throw fail(EmulatorErrors.RAW_RANGE, "raw population axon out of range",
                            where + ".axon, index=" + i + ", value=" + a + ", min=-1, max=" + (axons - 1));
                }
                int atom = p.atom()[i];
                if (a >= 0 && (atom < 0 || atom >= atoms)) {
                    throw fail(EmulatorErrors.RAW_RANGE, "raw population atom out of range",
                            where + ".atom, index=" + i + ", value=" + atom + ", min=0, max=" + (atoms - 1));
                }
            }
        }

        private void length(String key, int length, int expected, String what) {
            if (length != expected) {
                throw fail(EmulatorErrors.RAW_LENGTH, "raw population list length differs",
                        where + "." + key + ", length=" + length + ", " + what + "=" + expected);
            }
        }

        private void list(RawPopulation.WeightList list, int k, int atoms, int nPost) {
            String at = where + ".lists, list=" + k;
            if (list.weights().length != atoms || list.indices().length != atoms) {
                throw fail(EmulatorErrors.RAW_SHAPE, "raw population lists differ in atom rows",
                        at + ", weights=" + list.weights().length + ", indices=" + list.indices().length + ", atoms=" + atoms);
            }
            for (int r = 0; r < atoms; r++) {
                int[] w = list.weights()[r];
                int[] idx = list.indices()[r];
                if (w == null || idx == null || w.length != idx.length) {
                    throw fail(EmulatorErrors.RAW_SHAPE, "raw population weights and indices differ in shape",
                            at + ", atom=" + r + ", weights=" + (w == null ? 0 : w.length) + ", indices=" + (idx == null ? 0 : idx.length));
                }
                Set<Integer> seen = new HashSet<>();
                for (int j = 0; j < w.length; j++) {
                    checkValue(at + ", atom=" + r, "weights", j, w[j], RAW_WEIGHT_MIN, RAW_WEIGHT_MAX);
                    checkValue(at + ", atom=" + r, "indices", j, idx[j], 0, nPost - 1);
                    if (!seen.add(idx[j])) {
                        throw fail(EmulatorErrors.RAW_POPULATION, "raw population index twice in one row",
                                at + ", atom=" + r + ", index=" + idx[j]);
                    }
                }
            }
        }

        private int maxIndex(RawPopulation.WeightList list) {
            int max = 0;
            for (int[] row : list.indices()) {
                for (int i : row) {
                    max = Math.max(max, i);
                }
            }
            return max;
        }
    }

    private LoihiException fail(String code, String what, String details) {
        return new LoihiException(code, what + ": file=" + source + ", " + details);
    }
}
