package dev.loihi.compiler.convert;

import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.net.Weights;
import dev.loihi.image.ChipLimits;
import java.util.Arrays;
import java.util.List;

/**
 * Fewer copies for a model too large for the default ones. Copies multiply a layer's neurons by
 * the replicas and the weights between two hidden layers by their square, so a big CNN with the
 * default copies would not fit a chip, or would run slowly. When replicas and input copies are
 * left to the converter, the first pair in {@link #STEPS} is used whose largest connection holds
 * at most {@link #MAX_CONNECTION_WEIGHTS} weights and whose conversion stays within a bound on
 * hidden neurons: {@link #SURE_COMPARTMENTS} (a quarter of a chip's compartments, under which
 * every model measured fitted) for {@link #fit}, {@link #MAX_COMPARTMENTS} (half) for
 * {@link #fitLarge}, whose caller compiles the copies and takes the next pair ({@link #fewer})
 * while the chip does not hold them: cores also fill by synapse memory and axons, so the neuron
 * bound is a proxy. A value set by the user is kept as it is.
 *
 * <p>Until session 16 the rule counted every connection as a dense matrix (rows x columns, from
 * when the conversion held them so) against 2^26 weights, and nothing else: a convolution's
 * connection holds only its windows' weights, so conv models far from any chip limit were cut to
 * one copy (a MobileNet-style digit CNN: .841 agreement at 200 steps with one copy, .93 with the
 * two this rule gives it; docs/CONVERSION.md). A dense connection holds every cell, so dense
 * models count as before.
 */
public final class CopyBudget {
    /**
     * Hidden neurons, copies included, for {@link #fitLarge}: half of one chip's 131,072
     * compartments. Cores fill by synapse memory and axons before compartments (the
     * MobileNet-style digit CNN with three copies: 47,136 neurons on 113 cores; with two, 31,424
     * on 43), so copies beyond {@link #SURE_COMPARTMENTS} are compiled before they are used.
     */
    public static final long MAX_COMPARTMENTS = 1L << 16;
    /**
     * Hidden neurons, copies included, below which copies are taken without compiling them first
     * ({@link #fit}, the search's copy alternatives): a quarter of a chip, the only bound until
     * session 17, under which every model measured fitted.
     */
    public static final long SURE_COMPARTMENTS = 1L << 15;
    /** Weights one connection holds, copies included (the bound the dense rule had: about 800 MB of them). */
    public static final long MAX_CONNECTION_WEIGHTS = 1L << 26;
    /**
     * Input axons one neuron may take on discrete axons, copies included: a core's input axons
     * (every input of a compartment arrives on an axon of its core) less a few for the bias block
     * and the reset synapse. A wider neuron ends a compile with PARTITION_LIMIT, so copies that
     * would make one are not taken (a Dense or readout after a convolution's flatten or global pool
     * reads every position and channel of it, once per copy).
     */
    static final long MAX_FAN_IN = ChipLimits.INPUT_AXONS_PER_CORE - 16;
    /**
     * Synapses on discrete axons below which copies are taken without compiling them first: about
     * an eighth of a chip's synapse memory at 16 bits a synapse. A wide Dense (one split by
     * {@link WideLayers}) holds millions with three copies of each side, and cores fill by them.
     */
    static final long SURE_DISCRETE_SYNAPSES = ChipLimits.CORES_PER_CHIP * ChipLimits.SYNAPSE_BITS_PER_CORE / 16 / 8;
    /** (replicas, input copies) in order of preference: the defaults, then input copies go first (cheapest loss). */
    private static final int[][] STEPS = {{3, 4}, {3, 2}, {2, 2}, {2, 1}, {1, 1}};

    private CopyBudget() {}

    /** {@code options} with replicas and input copies set: as given, or the first pair sure to fit a chip. */
    public static ConvertOptions fit(AnnModel model, ConvertOptions options) {
        return fit(model, options, MAX_CONNECTION_WEIGHTS, SURE_COMPARTMENTS);
    }

    /**
     * As {@link #fit}, within half a chip's compartments: for a caller that compiles the copies
     * and steps down with {@link #fewer} while the chip does not hold them (the calibration search).
     */
    public static ConvertOptions fitLarge(AnnModel model, ConvertOptions options) {
        return fit(model, options, MAX_CONNECTION_WEIGHTS, MAX_COMPARTMENTS);
    }

    static ConvertOptions fit(AnnModel model, ConvertOptions options, long maxWeights, long maxCompartments) {
        boolean replicasFree = options.replicasFree();
        boolean inputFree = options.inputCopiesFree();
        int replicas = options.replicaCount();
        int inputCopies = options.inputCopyCount();
        if (replicasFree || inputFree) {
            for (int[] step : STEPS) {
                int r = replicasFree ? step[0] : replicas;
                int c = inputFree ? step[1] : inputCopies;
                // model is the merged one (AnnToSnn's): count its connections as they are
                if (within(model, r, c, maxWeights, maxCompartments) || step == STEPS[STEPS.length - 1]) {
                    replicas = r;
                    inputCopies = c;
                    break;
                }
            }
        }
        return options.withReplicas(replicas).withInputCopies(inputCopies);
    }

    /** Weights of all the conversion's connections with these copies, as they hold them. */
    static long weights(AnnModel model, int replicas, int inputCopies) {
        return Arrays.stream(connectionWeights(LinearMerge.merge(model), replicas, inputCopies)).sum();
    }

    /**
     * Rows x columns of all the conversion's connections with these copies: a proxy for the work
     * of one emulated step by which the calibration search orders its copy candidates and sizes
     * their share of its inputs. It is the count the search was measured with; the weights the
     * connections hold ({@link #weights}) would be the better measure for conv models, but they
     * change the search's input counts (the conv jet tagger: 400 -> 384) and so its images.
     */
    public static long matrixCells(AnnModel model, int replicas, int inputCopies) {
        List<DenseLayer> layers = LinearMerge.merge(model).layers();
        long cells = 0;
        long rows = 2L * model.inputSize() * inputCopies;
        for (int l = 0; l < layers.size(); l++) {
            long columns = (long) layers.get(l).units() * (l == layers.size() - 1 ? 1 : replicas);
            cells += rows * columns;
            rows = columns;
        }
        return cells;
    }

    /**
     * Whether the conversion with these copies is within the bound under which copies fit a chip
     * without being compiled first ({@link #SURE_COMPARTMENTS}).
     */
    public static boolean fits(AnnModel model, int replicas, int inputCopies) {
        return within(LinearMerge.merge(model), replicas, inputCopies, MAX_CONNECTION_WEIGHTS, SURE_COMPARTMENTS);
    }

    /**
     * Whether the copies may be taken without compiling them first ({@code ChipFit}): within
     * {@link #fits}, with every window layer within a core's axons even where the discretizer
     * leaves it on discrete axons (sharing saves nothing there, as with one output position), and
     * at most {@link #SURE_DISCRETE_SYNAPSES} synapses on discrete axons. Not a filter on the
     * search's copy alternatives, which would then never be tried.
     */
    public static boolean sureToFit(AnnModel model, int replicas, int inputCopies) {
        AnnModel merged = LinearMerge.merge(model);
        return within(merged, replicas, inputCopies, MAX_CONNECTION_WEIGHTS, SURE_COMPARTMENTS)
                && widestFanIn(merged, replicas, inputCopies, false) <= MAX_FAN_IN
                && discreteSynapses(merged, replicas, inputCopies) <= SURE_DISCRETE_SYNAPSES;
    }

    /**
     * Synapses of the conversion's connections on discrete axons (a window layer fed by a hidden
     * layer shares its weight lists and is not counted): a weight once per copy of its pre and of
     * its post neuron, as the chip stores it.
     */
    static long discreteSynapses(AnnModel model, int replicas, int inputCopies) {
        List<DenseLayer> layers = model.layers();
        long[] sizes = connectionWeights(model, replicas, inputCopies);
        long n = 0;
        for (int l = 0; l < layers.size(); l++) {
            if (!AnnToSnn.readsPopulation(layers.get(l), l == 0)) {
                n += sizes[l];
            }
        }
        return n;
    }

    /**
     * For a model whose conversion with {@code fitted}'s copies did not fit the chip: the next pair
     * of {@link #STEPS} after them that is within the budget, on the axes {@code asked} left free
     * (0); null when there is none (one copy of each already, or both axes set by the user).
     */
    public static ConvertOptions fewer(AnnModel model, ConvertOptions asked, ConvertOptions fitted) {
        boolean replicasFree = asked.replicasFree();
        boolean inputFree = asked.inputCopiesFree();
        AnnModel merged = LinearMerge.merge(model);
        int r0 = fitted.replicaCount();
        int c0 = fitted.inputCopyCount();
        boolean past = false;
        for (int[] step : STEPS) {
            int r = replicasFree ? step[0] : r0;
            int c = inputFree ? step[1] : c0;
            if (r == r0 && c == c0) {
                past = true;
            } else if (past && r <= r0 && c <= c0
                    && (within(merged, r, c, MAX_CONNECTION_WEIGHTS, MAX_COMPARTMENTS) || step == STEPS[STEPS.length - 1])) {
                return fitted.withReplicas(r).withInputCopies(c);
            }
        }
        return null;
    }

    private static boolean within(AnnModel merged, int replicas, int inputCopies, long maxWeights, long maxCompartments) {
        return Arrays.stream(connectionWeights(merged, replicas, inputCopies)).max().orElse(0) <= maxWeights
                && hiddenNeurons(merged, replicas) <= maxCompartments
                && widestFanIn(merged, replicas, inputCopies, true) <= MAX_FAN_IN;
    }

    /**
     * The most discrete input axons one neuron of the conversion of merged {@code model} takes: its
     * weights' column, once per sign and copy of an input feature or per copy of a hidden unit.
     * With {@code windowsShared}, a window layer fed by a hidden layer is taken to read it through
     * population axons, one per input position of its window ({@link AnnToSnn}), and is not
     * counted; the discretizer keeps such a connection discrete where sharing saves no synapses
     * ({@code SharedWeights}: one output position, say), which only a compile tells.
     */
    static long widestFanIn(AnnModel model, int replicas, int inputCopies, boolean windowsShared) {
        List<DenseLayer> layers = model.layers();
        long widest = 0;
        // the readout takes any width, cut into parts the host sums (ReadoutParts)
        for (int l = 0; l < layers.size() - 1; l++) {
            DenseLayer layer = layers.get(l);
            if (windowsShared && AnnToSnn.readsPopulation(layer, l == 0)) {
                continue;
            }
            widest = Math.max(widest, widestColumn(layer.weights()) * preAxons(l, replicas, inputCopies));
        }
        return widest;
    }

    /** Pre neurons per unit that layer {@code l} reads: both signs of every input copy for the first, else its replicas. */
    static int preAxons(int l, int replicas, int inputCopies) {
        return l == 0 ? 2 * inputCopies : replicas;
    }

    static long widestColumn(Weights w) {
        int[] count = new int[w.columns()];
        int widest = 0;
        for (int e = 0; e < w.entries(); e++) {
            widest = Math.max(widest, ++count[w.column(e)]);
        }
        return widest;
    }

    /** Hidden neurons of the conversion of merged {@code model} with {@code replicas} copies of each unit. */
    private static long hiddenNeurons(AnnModel model, int replicas) {
        List<DenseLayer> layers = model.layers();
        long n = 0;
        for (int l = 0; l < layers.size() - 1; l++) {
            n += (long) layers.get(l).units() * replicas;
        }
        return n;
    }

    /**
     * Weights of each of the conversion's connections ({@link AnnToSnn}'s), input first, readout
     * last: a layer's weights once per sign and copy of each input feature, once per copy of a
     * hidden pre neuron, and once per copy of a hidden post neuron.
     */
    private static long[] connectionWeights(AnnModel model, int replicas, int inputCopies) {
        List<DenseLayer> layers = model.layers();
        long[] sizes = new long[layers.size()];
        for (int l = 0; l < sizes.length; l++) {
            long post = l == sizes.length - 1 ? 1 : replicas;
            sizes[l] = layers.get(l).weights().entries() * preAxons(l, replicas, inputCopies) * post;
        }
        return sizes;
    }
}
