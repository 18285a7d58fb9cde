package dev.loihi.compiler;

import java.util.List;

/**
 * Every stable code of a {@link dev.loihi.common.LoihiException} that the compiler: model loading, import, conversion, discretization, partitioning, placement and packing throws: the
 * one place that lists them (docs/ERRORS.md documents each; a test checks both). Tests compare
 * against these; the wording of messages may change.
 */
public final class CompilerErrors {
    private CompilerErrors() {}

    /** An input encoding that the compiler does not know. */
    public static final String BAD_ENCODING = "BAD_ENCODING";
    /** Calibration inputs do not fit the model: wrong width, none at all, or non-finite values. */
    public static final String CONVERT_BAD_CALIBRATION = "CONVERT_BAD_CALIBRATION";
    /** A conversion option is out of range (the key and value are named). */
    public static final String CONVERT_BAD_OPTION = "CONVERT_BAD_OPTION";
    /** The phase code was asked for (--coding phase) and the model or its integers do not allow it (the reason is named). */
    public static final String CONVERT_PHASE_UNSUPPORTED = "CONVERT_PHASE_UNSUPPORTED";
    /** A CSV file that is missing, empty, ragged or holds a cell that is not a finite number. */
    public static final String CSV_BAD_FILE = "CSV_BAD_FILE";
    /** Warning: every weight of a nonzero connection rounded to zero. */
    public static final String DISCRETIZE_CONNECTION_ZEROED = "DISCRETIZE_CONNECTION_ZEROED";
    /** Warning: some neurons' bias corrections passed what the bias source's slower compartments carry; the rest is left out. */
    public static final String DISCRETIZE_BIAS_CLAMPED = "DISCRETIZE_BIAS_CLAMPED";
    /** Warning: a synapse tau into a SUBTRACTIVE_RELU ensemble is ignored (u holds its sum). */
    public static final String DISCRETIZE_INTEGRATOR_SYNAPSE = "DISCRETIZE_INTEGRATOR_SYNAPSE";
    /** A weight, bias or time constant is NaN or infinite. */
    public static final String DISCRETIZE_NONFINITE = "DISCRETIZE_NONFINITE";
    /** Warning: rounding cost a layer more than {@link #PRECISION_WARNING_RMS} relative RMS weight error. */
    public static final String DISCRETIZE_PRECISION = "DISCRETIZE_PRECISION";
    /** Warning: a block's quantized weights could not be kept exactly; the message gives the error added. */
    public static final String DISCRETIZE_QUANTIZED_INEXACT = "DISCRETIZE_QUANTIZED_INEXACT";
    /** A value fits no scale (or a time constant maps outside its register). */
    public static final String DISCRETIZE_RANGE = "DISCRETIZE_RANGE";
    /** A readout's largest input per step cannot be kept below its threshold and inside v. */
    public static final String DISCRETIZE_READOUT_RANGE = "DISCRETIZE_READOUT_RANGE";
    /** Warning: a synapse tau on a connection into a readout is ignored (u must hold one step). */
    public static final String DISCRETIZE_READOUT_SYNAPSE = "DISCRETIZE_READOUT_SYNAPSE";
    /** Given chip choices (a graph exported from an image) do not match the block's weights: parts or exponents. */
    public static final String DISCRETIZE_GIVEN_MISMATCH = "DISCRETIZE_GIVEN_MISMATCH";
    /** An ensemble's incoming connections disagree on the synapse tau (decay_u is per compartment). */
    public static final String DISCRETIZE_SYNAPSE_TAU = "DISCRETIZE_SYNAPSE_TAU";
    /** Inputs (calibration or run inputs) whose rows are not as wide as the model's input; the code run uses too. */
    public static final String INPUT_SHAPE = "INPUT_SHAPE";
    /** Valid JSON that is not a Keras model config: a required key is missing or mistyped. */
    public static final String KERAS_BAD_CONFIG = "KERAS_BAD_CONFIG";
    /** Not a Keras file of a known form, unreadable, truncated or corrupt HDF5 or zip. */
    public static final String KERAS_BAD_FILE = "KERAS_BAD_FILE";
    /** The architecture is not valid JSON. */
    public static final String KERAS_BAD_JSON = "KERAS_BAD_JSON";
    /** A layer that needs weights has none (or a tensor is missing), or no weights file was given. */
    public static final String KERAS_MISSING_WEIGHTS = "KERAS_MISSING_WEIGHTS";
    /** A weight is NaN or infinite. */
    public static final String KERAS_NONFINITE = "KERAS_NONFINITE";
    /** A weight tensor's shape (or the number of tensors) differs from what the architecture says. */
    public static final String KERAS_SHAPE_MISMATCH = "KERAS_SHAPE_MISMATCH";
    /** The layers do not form one chain from one input to one output. */
    public static final String KERAS_UNSUPPORTED_GRAPH = "KERAS_UNSUPPORTED_GRAPH";
    /** A layer class, activation or layer setting this toolchain cannot map to the chip. */
    public static final String KERAS_UNSUPPORTED_LAYER = "KERAS_UNSUPPORTED_LAYER";
    /** The weights file holds weights for layers the architecture does not have. */
    public static final String KERAS_UNUSED_WEIGHTS = "KERAS_UNUSED_WEIGHTS";
    /** A model file could not be written. */
    public static final String KERAS_WRITE_FAILED = "KERAS_WRITE_FAILED";
    /** Error code for an input batch whose rows do not match the model's input size. */
    public static final String MODEL_INPUT_SIZE = "MODEL_INPUT_SIZE";
    /** The model file could not be read. */
    public static final String MODEL_IO = "MODEL_IO";
    /** A compiled image was given where a model to compile was expected. */
    public static final String MODEL_IS_IMAGE = "MODEL_IS_IMAGE";
    /** The model file does not exist or is not a regular file. */
    public static final String MODEL_NOT_FOUND = "MODEL_NOT_FOUND";
    /** An option that applies to Keras models only was given with another kind of model. */
    public static final String MODEL_OPTION_UNUSED = "MODEL_OPTION_UNUSED";
    /** The file cannot be read. */
    public static final String NATIVE_IO = "NATIVE_IO";
    /** A name used before it is defined, defined twice, or of the wrong kind (e.g. connecting into an input). */
    public static final String NATIVE_NAME = "NATIVE_NAME";
    /** Sizes that disagree: a weight matrix or bias vector of the wrong shape, identity between unequal sizes. */
    public static final String NATIVE_SHAPE = "NATIVE_SHAPE";
    /** Unknown keyword or key, missing or repeated argument, a value that is not a number or out of range. */
    public static final String NATIVE_SYNTAX = "NATIVE_SYNTAX";
    /** Two inputs or ensembles share a name, or a name is empty. */
    public static final String NETWORK_NAME = "NETWORK_NAME";
    /** A size is not positive, or a weight matrix or start vector does not match its sizes. */
    public static final String NETWORK_SHAPE = "NETWORK_SHAPE";
    /** The network has no ensemble, an output names an input, an ALWAYS_ON ensemble has input or bias, or an ensemble other than SUBTRACTIVE_RELU has start values. */
    public static final String NETWORK_STRUCTURE = "NETWORK_STRUCTURE";
    /** A connection or an output names something the network does not hold. */
    public static final String NETWORK_UNKNOWN_NAME = "NETWORK_UNKNOWN_NAME";
    /** Not an HDF5 file, unreadable, truncated or corrupt. */
    public static final String NIR_BAD_FILE = "NIR_BAD_FILE";
    /** HDF5 that is not a NIR graph: a group, dataset or parameter is missing or of the wrong kind. */
    public static final String NIR_BAD_FORMAT = "NIR_BAD_FORMAT";
    /** Edges name unknown nodes, sizes of connected nodes disagree, or the graph has no input or output. */
    public static final String NIR_BAD_GRAPH = "NIR_BAD_GRAPH";
    /** A parameter is NaN or infinite, or out of the range its definition allows. */
    public static final String NIR_BAD_VALUE = "NIR_BAD_VALUE";
    /** Warning: a constant bias into a CubaLIF acts at full strength from the first step. */
    public static final String NIR_BIAS_UNFILTERED = "NIR_BIAS_UNFILTERED";
    /** Warning: a non-spiking node is read out as the value its v settles to each step. */
    public static final String NIR_READOUT_STEADY = "NIR_READOUT_STEADY";
    /** Warning: the chip starts v at v_reset, NIR at 0. */
    public static final String NIR_RESET_START = "NIR_RESET_START";
    /** A node type (or a use of one) that this toolchain cannot put on the chip. */
    public static final String NIR_UNSUPPORTED_NODE = "NIR_UNSUPPORTED_NODE";
    /** A NIR file could not be written. */
    public static final String NIR_WRITE_FAILED = "NIR_WRITE_FAILED";
    /** export-nir: an image NIR cannot describe (not compiled from a NIR graph, population axons, ...). */
    public static final String NIR_EXPORT_UNSUPPORTED = "NIR_EXPORT_UNSUPPORTED";
    /** A .npy file that cannot be used: missing or unreadable, truncated, bad magic, unknown version, unsupported dtype or rank, Fortran order, data size that does not match the shape, or a non-finite value. */
    public static final String NPY_BAD_FILE = "NPY_BAD_FILE";
    /** A .npy file could not be written. */
    public static final String NPY_WRITE_FAILED = "NPY_WRITE_FAILED";
    /** A setting is out of range. */
    public static final String OPTIONS_INVALID = "OPTIONS_INVALID";
    /** More distinct compartment profiles than a core holds. */
    public static final String PACK_COMPARTMENT_PROFILES = "PACK_COMPARTMENT_PROFILES";
    /** More distinct synapse formats (sign mode, exponent, layout) than a core holds. */
    public static final String PACK_SYNAPSE_FORMATS = "PACK_SYNAPSE_FORMATS";
    /** More distinct thresholds than a core holds. */
    public static final String PACK_THRESHOLD_PROFILES = "PACK_THRESHOLD_PROFILES";
    /** A single neuron exceeds a per-core limit, so no cut can place it. */
    public static final String PARTITION_LIMIT = "PARTITION_LIMIT";
    /** More cores than the configured chips hold. */
    public static final String PLACE_TOO_BIG = "PLACE_TOO_BIG";
    /** A spike-train .npy that is not N x T x inputs of 0 and 1, or whose inputs differ from the network's. */
    public static final String SPIKES_BAD_FILE = "SPIKES_BAD_FILE";
    /**
     * A NIR event file (.npz of idx, time, n_neurons, t_max) that is unreadable, mis-shaped, has
     * an index or time out of range, or two events of one input in one step.
     */
    public static final String SPIKES_BAD_EVENTS = "SPIKES_BAD_EVENTS";

    /** Every code above. */
    public static final List<String> ALL = List.of(
            BAD_ENCODING,
            CONVERT_BAD_CALIBRATION,
            CONVERT_BAD_OPTION,
            CONVERT_PHASE_UNSUPPORTED,
            CSV_BAD_FILE,
            DISCRETIZE_BIAS_CLAMPED,
            DISCRETIZE_CONNECTION_ZEROED,
            DISCRETIZE_GIVEN_MISMATCH,
            DISCRETIZE_INTEGRATOR_SYNAPSE,
            DISCRETIZE_NONFINITE,
            DISCRETIZE_PRECISION,
            DISCRETIZE_QUANTIZED_INEXACT,
            DISCRETIZE_RANGE,
            DISCRETIZE_READOUT_RANGE,
            DISCRETIZE_READOUT_SYNAPSE,
            DISCRETIZE_SYNAPSE_TAU,
            INPUT_SHAPE,
            KERAS_BAD_CONFIG,
            KERAS_BAD_FILE,
            KERAS_BAD_JSON,
            KERAS_MISSING_WEIGHTS,
            KERAS_NONFINITE,
            KERAS_SHAPE_MISMATCH,
            KERAS_UNSUPPORTED_GRAPH,
            KERAS_UNSUPPORTED_LAYER,
            KERAS_UNUSED_WEIGHTS,
            KERAS_WRITE_FAILED,
            MODEL_INPUT_SIZE,
            MODEL_IO,
            MODEL_IS_IMAGE,
            MODEL_NOT_FOUND,
            MODEL_OPTION_UNUSED,
            NATIVE_IO,
            NATIVE_NAME,
            NATIVE_SHAPE,
            NATIVE_SYNTAX,
            NETWORK_NAME,
            NETWORK_SHAPE,
            NETWORK_STRUCTURE,
            NETWORK_UNKNOWN_NAME,
            NIR_BAD_FILE,
            NIR_BAD_FORMAT,
            NIR_BAD_GRAPH,
            NIR_BAD_VALUE,
            NIR_EXPORT_UNSUPPORTED,
            NIR_BIAS_UNFILTERED,
            NIR_READOUT_STEADY,
            NIR_RESET_START,
            NIR_UNSUPPORTED_NODE,
            NIR_WRITE_FAILED,
            NPY_BAD_FILE,
            NPY_WRITE_FAILED,
            OPTIONS_INVALID,
            PACK_COMPARTMENT_PROFILES,
            PACK_SYNAPSE_FORMATS,
            PACK_THRESHOLD_PROFILES,
            PARTITION_LIMIT,
            PLACE_TOO_BIG,
            SPIKES_BAD_FILE,
            SPIKES_BAD_EVENTS);
}
