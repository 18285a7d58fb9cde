package dev.loihi.compiler.keras;

import dev.loihi.compiler.CompilerErrors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.loihi.common.LoihiException;
import dev.loihi.compiler.net.Weights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The import pass: walks a {@link ModelSpec}'s chain, reads each layer's weights from a
 * {@link WeightStore}, checks them against the config, and reduces the chain to dense layers:
 *
 * <ul>
 *   <li>Dropout is the identity at inference and disappears; Flatten and Reshape only change
 *       the shape (values stay in C order, channel last).
 *   <li>Conv1D and Conv2D (channels last, padding same or valid, causal on a Conv1D, any strides and dilation)
 *       become layers whose kernel is expanded to every output position ({@link ConvExpansion})
 *       and which keep their {@link ConvGeometry}.
 *   <li>AveragePooling1D/2D become linear layers, which the conversion folds into the next
 *       layer; MaxPooling1D/2D after a ReLU become the exact ReLU tree of {@link MaxPoolTree}.
 *   <li>Activation and ReLU layers become the activation of the layer before them.
 *   <li>BatchNormalization is an affine map {@code y = s * x + t} with {@code s = gamma /
 *       sqrt(var + eps)} and {@code t = beta - mean * s}, per feature or, on a grid, per channel.
 *       After a linear layer it folds into that layer's columns; after an activation (or at the
 *       input) it folds into the rows of the next layer, which is just as exact.
 * </ul>
 *
 * Softmax and sigmoid are allowed on the last layer only: they cannot be computed per neuron on
 * the chip, so the host applies them to the read-out values.
 */
final class LayerAssembler {
    private static final Set<String> NAMED_ROLES = Set.of("kernel", "bias", "gamma", "beta", "moving_mean", "moving_variance",
            "keep_negative", "bits", "integers", "depthwise_kernel", "pointwise_kernel", "mean", "variance", "count");
    /** Layers that take Keras's causal padding (zeros before the sequence only). */
    private static final Set<String> CAUSAL = Set.of("Conv1D", "QConv1D");
    /** The layers a ZeroPadding may stand before: it folds into their windows. */
    private static final Set<String> PADDED = Set.of("Conv1D", "Conv2D", "QConv1D", "QConv2D", "DepthwiseConv1D",
            "DepthwiseConv2D", "SeparableConv1D", "SeparableConv2D", "ZeroPadding1D", "ZeroPadding2D", "Dropout",
            "SpatialDropout1D", "SpatialDropout2D");
    private static final double KERAS_BN_EPSILON = 1e-3;
    /** The slope of Keras's "leaky_relu" activation, and the LeakyReLU layer's when the config names none. */
    private static final double LEAKY_RELU_SLOPE = 0.2;
    private static final double LEAKY_RELU_LAYER_SLOPE = 0.3;
    /** Keras's backend epsilon, the floor Normalization puts under a standard deviation. */
    private static final double KERAS_EPSILON = 1e-7;
    static final String HGQ_PROXY_KERNEL = "HGQ proxy kernel (stored quantized)";

    private final ModelSpec spec;
    private final WeightStore store;
    private final List<DenseLayer> done = new ArrayList<>();
    private int width;
    /** The model's input width; -1 until the first tensor tells it when the config does not. */
    private int inputSize;
    /** The shape of the tensor the next layer receives (no batch axis); null while only the width is known. */
    private int[] shape;
    private Draft current;
    private Affine pending;
    /** A LeakyReLU's layer split by sign, waiting for the next layer with weights to recombine it. */
    private SignedPair paired;
    /** Zeros a ZeroPadding put around the grid, per axis {before, after}, for the next convolution's window. */
    private int[][] gridPadding;
    private String paddedBy;
    /**
     * An HGQ proxy model (one with FixedPointQuantizer layers) stores its Dense kernels already
     * quantized, so they count as quantized weights.
     */
    private final boolean hgqProxy;
    /** A quantizer of the model's input, waiting for the first Dense. */
    private ValueQuantizer inputQuantizer;

    private LayerAssembler(ModelSpec spec, WeightStore store) {
        this.spec = spec;
        this.store = store;
        this.hgqProxy = spec.layers().stream().anyMatch(l -> l.is("FixedPointQuantizer"));
        if (spec.inputShape() == null) {
            width = -1;
        } else {
            shape = spec.inputShape().clone();
            width = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        }
        inputSize = width;
    }

    static AnnModel assemble(ModelSpec spec, WeightStore store) {
        return new LayerAssembler(spec, store).run();
    }

    private AnnModel run() {
        QuantizedLayers.refuseConvolution(spec);
        for (LayerSpec layer : spec.layers()) {
            if (gridPadding != null && !PADDED.contains(layer.className())) {
                throw paddingNotFolded(layer.name() + ", class=" + layer.className());
            }
            switch (layer.className()) {
                case "Dense" -> dense(layer, null, null);
                case "QDense", "QConv1D", "QConv2D" -> qWeighted(layer);
                case "BinaryDense", "TernaryDense" -> dense(layer, signWeights(layer), null);
                case "Activation" -> {
                    if (isLeaky(layer.config().get("activation"))) {
                        leakyRelu(layer, LEAKY_RELU_SLOPE);
                    } else {
                        activation(layer, activationOf(layer, layer.config().get("activation")));
                    }
                }
                case "LeakyReLU" -> leakyRelu(layer, slope(layer));
                case "QActivation" -> qActivation(layer);
                case "FixedPointQuantizer" -> quantize(layer, HgqQuantizers.read(layer, roles(layer,
                        HgqQuantizers.ROLES), width));
                case "ReLU" -> {
                    if (layer.config().path("negative_slope").asDouble(0.0) != 0.0) {
                        leakyRelu(layer, slope(layer));
                    } else {
                        activation(layer, plainRelu(layer));
                    }
                }
                case "BatchNormalization", "QBatchNormalization" -> batchNorm(layer);
                case "Conv1D", "Conv2D" -> conv(layer, null, null);
                case "DepthwiseConv1D", "DepthwiseConv2D" -> depthwise(layer, false);
                case "SeparableConv1D", "SeparableConv2D" -> depthwise(layer, true);
                case "ZeroPadding1D", "ZeroPadding2D" -> zeroPadding(layer);
                case "AveragePooling1D", "AveragePooling2D" -> averagePool(layer, false);
                case "GlobalAveragePooling1D", "GlobalAveragePooling2D" -> averagePool(layer, true);
                case "QAveragePooling2D" -> qAveragePool(layer, false);
                case "QGlobalAveragePooling2D" -> qAveragePool(layer, true);
                case "MaxPooling1D", "MaxPooling2D" -> maxPool(layer, false);
                case "GlobalMaxPooling1D", "GlobalMaxPooling2D" -> maxPool(layer, true);
                // identities at inference
                case "Dropout", "SpatialDropout1D", "SpatialDropout2D", "GaussianNoise", "GaussianDropout", "AlphaDropout",
                     "ActivityRegularization", "Identity" -> { }
                case "Softmax" -> softmax(layer);
                case "Rescaling" -> rescaling(layer);
                case "Normalization" -> normalization(layer);
                case "Flatten" -> shape = width < 0 ? null : new int[] {width};
                case "Reshape" -> reshape(layer);
                default -> throw unsupported(layer, "layer class has no chip equivalent");
            }
            if (!layer.is("Activation") && isLeaky(layer.config().get("activation"))) {
                leakyRelu(layer, LEAKY_RELU_SLOPE);
            }
        }
        if (paired != null) {
            throw new LoihiException(CompilerErrors.KERAS_UNSUPPORTED_LAYER, "unsupported layer: layer=" + paired.from()
                    + ", class=LeakyReLU, reason=a LeakyReLU on the last layer (the readout has no spiking neurons to"
                    + " split its sign over)");
        }
        if (gridPadding != null) {
            throw paddingNotFolded("none (the model ends)");
        }
        if (pending != null) {
            throw new LoihiException(CompilerErrors.KERAS_UNSUPPORTED_LAYER, pending.className() + " after the last Dense cannot be"
                    + " folded: layer=" + pending.from() + ", class=" + pending.className());
        }
        finish();
        if (done.isEmpty()) {
            throw new LoihiException(CompilerErrors.KERAS_UNSUPPORTED_GRAPH, "model has no layer with weights: model=" + spec.name());
        }
        for (int i = 0; i < done.size() - 1; i++) {
            DenseLayer layer = done.get(i);
            if (layer.activation().outputOnly()) {
                throw new LoihiException(CompilerErrors.KERAS_UNSUPPORTED_LAYER, "activation only allowed on the output layer: layer="
                        + layer.name() + ", class=Dense, activation=" + layer.activation().kerasName());
            }
        }
        List<String> unused = store.unclaimedLayers();
        if (!unused.isEmpty()) {
            throw new LoihiException(CompilerErrors.KERAS_UNUSED_WEIGHTS, "weights file holds layers the architecture lacks: file="
                    + store.source() + ", layers=" + unused);
        }
        return new AnnModel(spec.name(), inputSize, done);
    }

    /**
     * A QDense, QConv1D or QConv2D: quantizers on kernel and bias, and an activation that may
     * itself be a quantizer.
     */
    private void qWeighted(LayerSpec layer) {
        TensorQuantizer kernel = QKerasQuantizers.weights(QuantizerConfig.of(layer.config().get("kernel_quantizer"), layer,
                "kernel_quantizer"), layer, "kernel_quantizer");
        TensorQuantizer bias = QKerasQuantizers.weights(QuantizerConfig.of(layer.config().get("bias_quantizer"), layer,
                "bias_quantizer"), layer, "bias_quantizer");
        JsonNode activation = layer.config().get("activation");
        if (layer.is("QDense")) {
            dense(layer, kernel, bias);
        } else {
            conv(layer, kernel, bias);
        }
        if (QuantizedLayers.isQuantizer(activation)) {
            quantize(layer, QKerasQuantizers.activation(QuantizerConfig.of(activation, layer, "activation"), layer,
                    "activation"));
        }
    }

    /** A QActivation: a Keras activation by name, or a quantizer. */
    private void qActivation(LayerSpec layer) {
        JsonNode activation = layer.config().get("activation");
        if (QuantizedLayers.isQuantizer(activation)) {
            quantize(layer, QKerasQuantizers.activation(QuantizerConfig.of(activation, layer, "activation"), layer,
                    "activation"));
        } else {
            activation(layer, activationOf(layer, activation));
        }
    }

    private TensorQuantizer signWeights(LayerSpec layer) {
        double h = layer.config().path("H").asDouble(1.0);
        if (!(h > 0) || !Double.isFinite(h)) {
            throw new LoihiException(CompilerErrors.KERAS_BAD_CONFIG, "binary or ternary layer needs a positive H: layer="
                    + layer.name() + ", class=" + layer.className() + ", H=" + layer.config().get("H"));
        }
        return new SignWeights(layer.is("TernaryDense"), h);
    }

    /**
     * A value quantizer where it stands in the chain: before the first Dense it quantizes the
     * model's input; after a Dense that is still linear, its pre-activation (HGQ quantizes the
     * accumulator there); after an activation, the layer's output. A quantizer that keeps no
     * negative values after a linear Dense is a ReLU as well (q(relu(z)) = q(z) for it).
     */
    private void quantize(LayerSpec layer, ValueQuantizer q) {
        if (paired != null) {
            throw unsupported(layer, "a quantizer after a LeakyReLU: LeakyReLU=" + paired.from());
        }
        if (pending != null) {
            throw new LoihiException(CompilerErrors.KERAS_UNSUPPORTED_LAYER, "a quantizer after " + pending.className()
                    + " cannot be folded: layer=" + pending.from() + ", class=" + pending.className() + ", next=" + layer.name());
        }
        if (current == null) {
            if (!done.isEmpty() || inputQuantizer != null) {
                throw unsupported(layer, "quantizer has no layer before it to attach to");
            }
            inputQuantizer = q;
            return;
        }
        LayerQuantizers now = current.quantizers;
        boolean reluLike = q instanceof QuantizedBits bits && bits.apply(-1, 0) == 0 && bits.apply(-1e-3, 0) == 0;
        if (current.activation == Activation.LINEAR && now.beforeActivation() == null && now.afterActivation() == null
                && !(q instanceof QuantizedRelu)) {
            if (reluLike) {
                current.activation = Activation.RELU;
                current.quantizers = now.withAfterActivation(q);
            } else {
                current.quantizers = now.withBeforeActivation(q);
            }
            return;
        }
        if (now.afterActivation() != null) {
            throw unsupported(layer, "a second output quantizer on the same layer: first=" + now.afterActivation().describe());
        }
        if (q instanceof QuantizedRelu) {
            if (current.activation != Activation.LINEAR && current.activation != Activation.RELU) {
                throw unsupported(layer, "quantized_relu after " + current.activation.kerasName());
            }
            current.activation = Activation.RELU;
        }
        current.quantizers = now.withAfterActivation(q);
    }

    private void dense(LayerSpec layer, TensorQuantizer kernelQuantizer, TensorQuantizer biasQuantizer) {
        JsonNode unitsNode = layer.config().get("units");
        if (unitsNode == null || !unitsNode.canConvertToInt() || unitsNode.asInt() <= 0) {
            throw new LoihiException(CompilerErrors.KERAS_BAD_CONFIG, "Dense layer needs a positive unit count: layer=" + layer.name()
                    + ", units=" + unitsNode);
        }
        int units = unitsNode.asInt();
        boolean useBias = layer.flag("use_bias", true);
        Activation activation = ownActivation(layer);
        if (!flat()) {
            denseOnGrid(layer, units, useBias, activation, kernelQuantizer, biasQuantizer);
            return;
        }
        Map<String, Tensor> t = roles(layer, useBias ? List.of("kernel", "bias") : List.of("kernel"));
        Tensor kernel = quantized(t.get("kernel"), kernelQuantizer);
        learnWidth(kernel.shape().length == 2 ? kernel.shape()[0] : -1);
        expectShape(layer, kernel, width, units);
        Weights k = Weights.of(kernel.matrix());
        double[] b = new double[units];
        if (useBias) {
            expectShape(layer, t.get("bias"), units);
            b = quantized(t.get("bias"), biasQuantizer).values().clone();
        }
        k = unpair(foldPending(k, b));
        finish();
        current = new Draft(layer.name(), k, b, activation, null);
        current.quantizers = new LayerQuantizers(null, null, null,
                kernelQuantizer != null ? kernelQuantizer.describe() : hgqProxy ? HGQ_PROXY_KERNEL : null);
        takeInputQuantizer();
        width = units;
        shape = new int[] {units};
    }

    /** A batch norm waiting before a layer scales its rows and shifts its bias ({@code b}, in place). */
    private Weights foldPending(Weights k, double[] b) {
        if (pending == null) {
            return k;
        }
        for (int i = 0; i < k.rows(); i++) {
            double shift = pending.shift()[i];
            for (int e = k.start(i); e < k.start(i + 1); e++) {
                b[k.column(e)] += shift * k.value(e);
            }
        }
        Weights scaled = k.rowsScaled(pending.scale());
        pending = null;
        return scaled;
    }

    private void conv(LayerSpec layer, TensorQuantizer kernelQuantizer, TensorQuantizer biasQuantizer) {
        int rank = layer.className().endsWith("1D") ? 1 : 2;
        requireGrid(layer, rank);
        int filters = positiveInt(layer, "filters");
        int[] kernelSize = window(layer, "kernel_size", rank, null);
        int[] strides = window(layer, "strides", rank, ones(rank));
        int[] dilation = window(layer, "dilation_rate", rank, ones(rank));
        JsonNode groups = layer.config().get("groups");
        if (groups != null && !groups.isNull() && groups.asInt() != 1) {
            throw unsupported(layer, "grouped convolution: groups=" + groups);
        }
        boolean useBias = layer.flag("use_bias", true);
        Activation activation = ownActivation(layer);
        ConvGeometry g = geometry(layer, rank, ConvGeometry.dilatedSpan(kernelSize, dilation), strides, filters);
        Map<String, Tensor> t = roles(layer, useBias ? List.of("kernel", "bias") : List.of("kernel"));
        expectShape(layer, t.get("kernel"), kernelShape(kernelSize, g.inChannels(), filters));
        double[] bias = null;
        if (useBias) {
            expectShape(layer, t.get("bias"), filters);
            bias = quantized(t.get("bias"), biasQuantizer).values();
        }
        double[] kernel = ConvGeometry.dilatedKernel(quantized(t.get("kernel"), kernelQuantizer).values(), kernelSize,
                dilation, g.inChannels() * filters);
        placeConv(layer, g, kernel, bias, activation, kernelQuantizer);
    }

    /**
     * A DepthwiseConv1D/2D: each input channel convolved alone with {@code depth_multiplier}
     * kernels, output channel c x multiplier + m. It is the convolution whose kernel is zero
     * from every other channel, and the expansion keeps no zero weight. With {@code separable}, a
     * SeparableConv1D/2D: that convolution and a 1 x 1 pointwise one with nothing between them,
     * so one convolution whose kernel is their product.
     */
    private void depthwise(LayerSpec layer, boolean separable) {
        int rank = layer.className().endsWith("1D") ? 1 : 2;
        requireGrid(layer, rank);
        int filters = separable ? positiveInt(layer, "filters") : 0;
        int[] kernelSize = window(layer, "kernel_size", rank, null);
        int[] strides = window(layer, "strides", rank, ones(rank));
        int[] dilation = window(layer, "dilation_rate", rank, ones(rank));
        int multiplier = layer.config().has("depth_multiplier") ? positiveInt(layer, "depth_multiplier") : 1;
        boolean useBias = layer.flag("use_bias", true);
        Activation activation = ownActivation(layer);
        int channels = shape[rank];
        int outChannels = separable ? filters : channels * multiplier;
        ConvGeometry g = geometry(layer, rank, ConvGeometry.dilatedSpan(kernelSize, dilation), strides, outChannels);
        List<String> roles = new ArrayList<>(List.of("depthwise_kernel"));
        if (separable) {
            roles.add("pointwise_kernel");
        }
        if (useBias) {
            roles.add("bias");
        }
        Map<String, Tensor> t = roles(layer, roles);
        expectShape(layer, t.get("depthwise_kernel"), kernelShape(kernelSize, channels, multiplier));
        DepthwiseKernels.Pointwise pointwise = null;
        if (separable) {
            expectShape(layer, t.get("pointwise_kernel"), kernelShape(ones(rank), channels * multiplier, filters));
            pointwise = new DepthwiseKernels.Pointwise(t.get("pointwise_kernel").values(), filters);
        }
        double[] bias = null;
        if (useBias) {
            expectShape(layer, t.get("bias"), outChannels);
            bias = t.get("bias").values();
        }
        double[] depthwise = ConvGeometry.dilatedKernel(t.get("depthwise_kernel").values(), kernelSize, dilation,
                channels * multiplier);
        placeConv(layer, g, DepthwiseKernels.full(depthwise, g.cells(), channels, multiplier, pointwise), bias, activation,
                null);
    }

    /**
     * A Dense on a 1-D or 2-D grid of channels acts on the last axis at every position, as Keras
     * applies it: a 1 x 1 convolution with the Dense kernel.
     */
    private void denseOnGrid(LayerSpec layer, int units, boolean useBias, Activation activation,
                             TensorQuantizer kernelQuantizer, TensorQuantizer biasQuantizer) {
        int rank = shape.length - 1;
        if (activation == Activation.SOFTMAX) {
            throw softmaxOnGrid(layer, shape);
        }
        if (rank > 2) {
            throw unsupported(layer, "Dense on an input of more than two axes before its features needs a Flatten"
                    + " before it: shape=" + Arrays.toString(shape));
        }
        ConvGeometry g = geometry(layer, rank, ones(rank), ones(rank), units);
        Map<String, Tensor> t = roles(layer, useBias ? List.of("kernel", "bias") : List.of("kernel"));
        expectShape(layer, t.get("kernel"), g.inChannels(), units);
        double[] bias = null;
        if (useBias) {
            expectShape(layer, t.get("bias"), units);
            bias = quantized(t.get("bias"), biasQuantizer).values();
        }
        placeConv(layer, g, quantized(t.get("kernel"), kernelQuantizer).values(), bias, activation, kernelQuantizer);
        if (kernelQuantizer == null && hgqProxy) {
            current.quantizers = new LayerQuantizers(null, null, null, HGQ_PROXY_KERNEL);
        }
    }

    /** Keras's kernel shape: the window, then input and output channels. */
    private static int[] kernelShape(int[] window, int in, int out) {
        int[] shape = Arrays.copyOf(window, window.length + 2);
        shape[window.length] = in;
        shape[window.length + 1] = out;
        return shape;
    }

    /**
     * The convolution of {@code g} with {@code kernel} (Keras's C order, [window..., in, out])
     * and {@code bias} per output channel (null: none) as the next layer of the chain.
     */
    private void placeConv(LayerSpec layer, ConvGeometry g, double[] kernel, double[] bias, Activation activation,
                           TensorQuantizer kernelQuantizer) {
        if (activation == Activation.SOFTMAX && g.outPositions() > 1) {
            throw softmaxOnGrid(layer, g.outShape());
        }
        Weights k = ConvExpansion.conv(g, kernel);
        double[] b = bias == null ? new double[g.outUnits()] : ConvExpansion.bias(g, bias);
        ConvGeometry window = pairedWindow(layer, g);
        k = unpair(foldPending(k, b));
        finish();
        current = new Draft(layer.name(), k, b, activation, window);
        if (kernelQuantizer != null) {
            current.quantizers = new LayerQuantizers(null, null, null, kernelQuantizer.describe());
        }
        takeInputQuantizer();
        width = g.outUnits();
        shape = g.outShape();
    }

    /**
     * A ZeroPadding1D/2D: zeros around the grid, which the next convolution's window reads as
     * it reads its own padding (a padded tap adds nothing), so it folds into that window. Before
     * any other layer it is refused: a pool would count or compare the zeros.
     */
    private void zeroPadding(LayerSpec layer) {
        int rank = layer.className().endsWith("1D") ? 1 : 2;
        requireGrid(layer, rank);
        int[][] pads = ZeroPadding.of(layer, rank);
        if (gridPadding == null) {
            gridPadding = new int[rank][2];
            paddedBy = layer.name();
        }
        for (int d = 0; d < rank; d++) {
            gridPadding[d][0] += pads[d][0];
            gridPadding[d][1] += pads[d][1];
        }
    }

    private LoihiException paddingNotFolded(String next) {
        return new LoihiException(CompilerErrors.KERAS_UNSUPPORTED_LAYER, "unsupported layer: layer=" + paddedBy
                + ", class=ZeroPadding, reason=it folds into a convolution's window, and the next layer is not one: next="
                + next);
    }

    /**
     * A quantizer before the first layer quantizes the model's input: it belongs to that layer,
     * whatever its kind (left waiting, it would quantize the first Dense's input instead).
     */
    private void takeInputQuantizer() {
        if (inputQuantizer != null) {
            current.quantizers = current.quantizers.withInput(inputQuantizer);
            inputQuantizer = null;
        }
    }

    /** An average pool: linear, so it folds into the next layer's weights; a global one averages every position. */
    private void averagePool(LayerSpec layer, boolean global) {
        averagePool(layer, global, null);
    }

    /**
     * QKeras's QAveragePooling2D / QGlobalAveragePooling2D: the average of x times the cells, times
     * {@code average_quantizer(1 / cells)} (its division as a quantized multiplication), so the
     * average pool times cells x q(1 / cells); without a quantizer the plain average. An
     * activation after it would act on the pool itself, which folds into the next layer: refused.
     */
    private void qAveragePool(LayerSpec layer, boolean global) {
        JsonNode activation = layer.config().get("activation");
        if (activation != null && !activation.isNull() && !activation.asText("").equals("linear")) {
            throw unsupported(layer, "an activation on an average pool (the pool folds into the next layer, no neuron"
                    + " holds its output): activation=" + activation);
        }
        JsonNode q = layer.config().get("average_quantizer");
        averagePool(layer, global, q == null || q.isNull() ? null : QKerasQuantizers.weights(
                QuantizerConfig.of(q, layer, "average_quantizer"), layer, "average_quantizer"));
    }

    /** An average pool, its division by the cells quantized by {@code division} (null: Keras's own). */
    private void averagePool(LayerSpec layer, boolean global, TensorQuantizer division) {
        int rank = layer.className().endsWith("1D") ? 1 : 2;
        requireGrid(layer, rank);
        ConvGeometry g = global ? globalGeometry(layer, rank) : poolGeometry(layer, rank);
        double[] b = new double[g.outUnits()];
        ConvGeometry window = pairedWindow(layer, g);
        Weights k = unpair(foldPending(ConvExpansion.pool(g, false), b));
        if (division != null) {
            double factor = g.cells() * division.quantize(new double[] {1.0 / g.cells()}, new int[] {1})[0];
            if (!(factor > 0) || !Double.isFinite(factor)) {
                throw new LoihiException(CompilerErrors.KERAS_BAD_CONFIG, "average_quantizer takes 1 / cells to "
                        + factor / g.cells() + ": layer=" + layer.name() + ", cells=" + g.cells());
            }
            k = k.scaled(factor);
            for (int j = 0; j < b.length; j++) {
                b[j] *= factor;
            }
        }
        finish();
        current = new Draft(layer.name(), k, b, Activation.LINEAR, window);
        takeInputQuantizer();
        width = g.outUnits();
        shape = global ? globalShape(layer, g) : g.outShape();
    }

    private void maxPool(LayerSpec layer, boolean global) {
        int rank = layer.className().endsWith("1D") ? 1 : 2;
        requireGrid(layer, rank);
        // max(x, y) = relu(x) + relu(y - x) needs x >= 0: what a ReLU layer gives
        if (pending != null || current == null || !current.activation.relu()) {
            throw unsupported(layer, "max pooling maps to the chip only right after a ReLU or LeakyReLU layer");
        }
        ConvGeometry g = global ? globalGeometry(layer, rank) : poolGeometry(layer, rank);
        finish();
        // after a LeakyReLU (monotone), max y = leaky(max z) = max relu(z) - slope x min relu(-z):
        // each half pooled on its own, the negative half to its minimum, and the pair stays split
        List<DenseLayer> tree = paired == null ? ConvLayers.maxPool(layer.name(), g)
                : ConvLayers.maxPool(layer.name(), doubled(layer, g), channel -> channel >= paired.channels());
        done.addAll(tree.subList(0, tree.size() - 1));
        DenseLayer sum = tree.get(tree.size() - 1);
        current = new Draft(sum.name(), sum.weights(), sum.bias(), Activation.LINEAR, null);
        width = g.outUnits();
        shape = global ? globalShape(layer, g) : g.outShape();
    }

    /** A global pool is a pool whose window is the whole grid (no padding, one output position). */
    private ConvGeometry globalGeometry(LayerSpec layer, int rank) {
        int[] grid = Arrays.copyOf(shape, rank);
        ConvGeometry g = ConvGeometry.keras(grid, shape[rank], grid, grid, false, shape[rank]);
        if (g == null) {
            throw new LoihiException(CompilerErrors.KERAS_BAD_CONFIG, "global pool on an empty grid: layer=" + layer.name()
                    + ", input=" + Arrays.toString(shape));
        }
        return g;
    }

    /** Channels alone, or with keepdims a grid of ones before them. */
    private static int[] globalShape(LayerSpec layer, ConvGeometry g) {
        int channels = g.outUnits();
        if (!layer.flag("keepdims", false)) {
            return new int[] {channels};
        }
        int[] kept = new int[g.outShape().length];
        Arrays.fill(kept, 1);
        kept[kept.length - 1] = channels;
        return kept;
    }

    private ConvGeometry poolGeometry(LayerSpec layer, int rank) {
        int[] pool = window(layer, "pool_size", rank, twos(rank));
        int[] strides = window(layer, "strides", rank, pool);
        return geometry(layer, rank, pool, strides, shape[rank]);
    }

    private ConvGeometry geometry(LayerSpec layer, int rank, int[] kernelSize, int[] strides, int outChannels) {
        String padding = layer.config().path("padding").asText("valid");
        boolean causal = padding.equals("causal") && rank == 1 && CAUSAL.contains(layer.className());
        if (!padding.equals("same") && !padding.equals("valid") && !causal) {
            throw unsupported(layer, "padding must be same or valid (causal on a Conv1D): padding=" + padding);
        }
        if (causal) {
            // Keras pads (window - 1) zeros before the sequence and none after, then slides a valid window
            int[][] pads = gridPadding == null ? new int[rank][2] : gridPadding;
            pads[0][0] += kernelSize[0] - 1;
            gridPadding = pads;
        }
        int[] grid = Arrays.copyOf(shape, rank);
        int[] padded = grid.clone();
        for (int d = 0; gridPadding != null && d < rank; d++) {
            padded[d] += gridPadding[d][0] + gridPadding[d][1];
        }
        ConvGeometry g = ConvGeometry.keras(padded, shape[rank], kernelSize, strides, padding.equals("same"), outChannels);
        if (g == null) {
            throw new LoihiException(CompilerErrors.KERAS_BAD_CONFIG, "window larger than its input: layer=" + layer.name()
                    + ", window=" + Arrays.toString(kernelSize) + ", input=" + Arrays.toString(padded));
        }
        if (gridPadding != null) {
            int[] before = g.padBefore().clone();
            for (int d = 0; d < rank; d++) {
                before[d] += gridPadding[d][0];
            }
            g = new ConvGeometry(grid, g.inChannels(), g.kernel(), g.strides(), before, g.outSize(), outChannels);
            gridPadding = null;
        }
        return g;
    }

    /** A windowed layer needs a channels-last input of its rank plus the channel axis. */
    private void requireGrid(LayerSpec layer, int rank) {
        String format = layer.config().path("data_format").asText("channels_last");
        if (!format.equals("channels_last")) {
            throw unsupported(layer, "only channels_last data maps to the chip: data_format=" + format);
        }
        if (shape == null || shape.length != rank + 1) {
            throw new LoihiException(CompilerErrors.KERAS_BAD_CONFIG, "layer needs a " + (rank + 1) + "-D input (positions and"
                    + " channels): layer=" + layer.name() + ", class=" + layer.className() + ", input="
                    + (shape == null ? "unknown" : Arrays.toString(shape)));
        }
    }

    private void reshape(LayerSpec layer) {
        if (paired != null) {
            throw unsupported(layer, "Reshape after a LeakyReLU, before the next layer with weights: LeakyReLU="
                    + paired.from());
        }
        JsonNode target = layer.config().get("target_shape");
        if (target == null || !target.isArray() || target.isEmpty() || width < 0) {
            throw new LoihiException(CompilerErrors.KERAS_BAD_CONFIG, "Reshape needs a target_shape and a known input: layer="
                    + layer.name() + ", target_shape=" + target);
        }
        int[] dims = new int[target.size()];
        int known = 1;
        int free = -1;
        for (int d = 0; d < dims.length; d++) {
            dims[d] = target.get(d).asInt(0);
            if (dims[d] == -1 && free < 0) {
                free = d;
            } else if (dims[d] <= 0) {
                throw new LoihiException(CompilerErrors.KERAS_BAD_CONFIG, "bad Reshape dimension: layer=" + layer.name()
                        + ", target_shape=" + target);
            } else {
                known *= dims[d];
            }
        }
        if (free >= 0 && width % known == 0) {
            dims[free] = width / known;
            known = width;
        }
        if (known != width) {
            throw new LoihiException(CompilerErrors.KERAS_SHAPE_MISMATCH, "Reshape changes the number of values: layer="
                    + layer.name() + ", input=" + Arrays.toString(shape) + ", target_shape=" + target);
        }
        shape = dims;
    }

    private boolean flat() {
        return shape == null || shape.length == 1;
    }

    private static int positiveInt(LayerSpec layer, String key) {
        JsonNode v = layer.config().get(key);
        if (v == null || !v.canConvertToInt() || v.asInt() <= 0) {
            throw new LoihiException(CompilerErrors.KERAS_BAD_CONFIG, "layer needs a positive " + key + ": layer=" + layer.name()
                    + ", " + key + "=" + v);
        }
        return v.asInt();
    }

    /** A per-axis window setting: a list of {@code rank} positive ints, or one int for every axis. */
    private static int[] window(LayerSpec layer, String key, int rank, int[] fallback) {
        JsonNode v = layer.config().get(key);
        if (v == null || v.isNull()) {
            if (fallback == null) {
                throw new LoihiException(CompilerErrors.KERAS_BAD_CONFIG, "layer needs " + key + ": layer=" + layer.name());
            }
            return fallback.clone();
        }
        int[] out = new int[rank];
        for (int d = 0; d < rank; d++) {
            JsonNode e = v.isArray() ? (v.size() == rank ? v.get(d) : null) : v;
            if (e == null || !e.canConvertToInt() || e.asInt() <= 0) {
                throw new LoihiException(CompilerErrors.KERAS_BAD_CONFIG, "malformed " + key + ": layer=" + layer.name() + ", "
                        + key + "=" + v + ", rank=" + rank);
            }
            out[d] = e.asInt();
        }
        return out;
    }

    private static int[] ones(int rank) {
        int[] a = new int[rank];
        Arrays.fill(a, 1);
        return a;
    }

    private static int[] twos(int rank) {
        int[] a = new int[rank];
        Arrays.fill(a, 2);
        return a;
    }

    private static Tensor quantized(Tensor tensor, TensorQuantizer quantizer) {
        return quantizer == null ? tensor : new Tensor(tensor.name(), tensor.shape(),
                quantizer.quantize(tensor.values(), tensor.shape()));
    }

    private void batchNorm(LayerSpec layer) {
        JsonNode axis = layer.config().get("axis");
        if (axis != null && axis.isArray() && axis.size() == 1) {
            axis = axis.get(0);
        }
        int lastAxis = shape == null ? 1 : shape.length;
        if (axis != null && !(axis.canConvertToInt() && (axis.asInt() == -1 || axis.asInt() == lastAxis))) {
            throw unsupported(layer, "only batch normalization over the last (feature or channel) axis folds: axis=" + axis);
        }
        boolean center = layer.flag("center", true);
        boolean scale = layer.flag("scale", true);
        JsonNode epsNode = layer.config().get("epsilon");
        double eps = epsNode == null || epsNode.isNull() ? KERAS_BN_EPSILON : epsNode.asDouble();
        List<String> expected = new ArrayList<>();
        if (scale) {
            expected.add("gamma");
        }
        if (center) {
            expected.add("beta");
        }
        expected.add("moving_mean");
        expected.add("moving_variance");
        Map<String, Tensor> t = QuantizedLayers.batchNormQuantized(layer, roles(layer, expected));
        Tensor mean = t.get("moving_mean");
        learnWidth(mean.shape().length == 1 ? mean.shape()[0] : -1);
        int features = flat() ? width : shape[shape.length - 1];
        for (Tensor tensor : t.values()) {
            expectShape(layer, tensor, features);
        }
        // On a grid the statistics are per channel, and the channel is the fastest index.
        double[] s = new double[width];
        double[] shift = new double[width];
        for (int i = 0; i < width; i++) {
            int f = i % features;
            double variance = t.get("moving_variance").values()[f];
            double gamma = scale ? t.get("gamma").values()[f] : 1.0;
            double beta = center ? t.get("beta").values()[f] : 0.0;
            s[i] = QuantizedLayers.batchNormInverse(layer, gamma / Math.sqrt(variance + eps));
            if (!Double.isFinite(s[i])) {
                throw new LoihiException(CompilerErrors.KERAS_NONFINITE, "batch norm scale is not finite (moving_variance + epsilon <= 0): layer="
                        + layer.name() + ", tensor=moving_variance, index=[" + f + "], value=" + variance);
            }
            shift[i] = beta - mean.values()[f] * s[i];
        }
        affine(layer, s, shift);
    }

    /**
     * LeakyReLU(z) = relu(z) - slope x relu(-z): the linear layer before it is doubled into a
     * ReLU of z and a ReLU of -z (a convolution into twice the filters, the second half its
     * negation), and the next layer with weights reads both, the second with its rows times
     * -slope ({@link #unpair}). Exact, at twice the neurons of that layer.
     */
    private void leakyRelu(LayerSpec layer, double slope) {
        if (slope == 0.0) {
            activation(layer, Activation.RELU);
            return;
        }
        if (current == null || pending != null || paired != null || current.activation != Activation.LINEAR
                || current.quantizers.beforeActivation() != null || current.quantizers.afterActivation() != null) {
            throw unsupported(layer, "a LeakyReLU maps to the chip only right after a linear Dense or convolution:"
                    + " before=" + (current == null ? "none" : current.name + " (" + current.activation.kerasName() + ")"));
        }
        if (!Double.isFinite(slope)) {
            throw new LoihiException(CompilerErrors.KERAS_NONFINITE, "non-finite value in the layer's config: layer="
                    + layer.name() + ", key=negative_slope, value=" + slope);
        }
        int channels = flat() ? width : shape[shape.length - 1];
        Weights k = current.kernel;
        Weights.Builder doubled = new Weights.Builder(k.rows(), 2 * width, 2 * k.entries());
        for (int i = 0; i < k.rows(); i++) {
            // a row's entries run position by position: each position's positive half, then its negative
            int e = k.start(i);
            while (e < k.start(i + 1)) {
                int position = k.column(e) / channels;
                int end = e;
                while (end < k.start(i + 1) && k.column(end) / channels == position) {
                    end++;
                }
                for (int sign = 0; sign < 2; sign++) {
                    for (int x = e; x < end; x++) {
                        int c = k.column(x) % channels;
                        doubled.add(position * 2 * channels + sign * channels + c, sign == 0 ? k.value(x) : -k.value(x));
                    }
                }
                e = end;
            }
            doubled.endRow();
        }
        double[] bias = new double[2 * width];
        for (int u = 0; u < width; u++) {
            int p = (u / channels) * 2 * channels + u % channels;
            bias[p] = current.bias[u];
            bias[p + channels] = -current.bias[u];
        }
        ConvGeometry w = current.window;
        // after a Flatten the split runs over the whole width, which is no window's channel layout
        ConvGeometry window = w == null || w.outChannels() != channels ? null
                : w.withChannels(w.inChannels(), 2 * w.outChannels());
        LayerQuantizers quantizers = current.quantizers;
        current = new Draft(current.name, doubled.build(), bias, Activation.RELU, window);
        current.quantizers = quantizers;
        paired = new SignedPair(layer.name(), slope, channels);
    }

    /** {@code k}'s rows (the units of a LeakyReLU) for the layer split by sign: u's row, then -slope x u's row. */
    private Weights unpair(Weights k) {
        if (paired == null) {
            return k;
        }
        int channels = paired.channels();
        Weights.Builder out = new Weights.Builder(2 * k.rows(), k.columns(), 2 * k.entries());
        for (int r = 0; r < 2 * k.rows(); r++) {
            int u = (r / (2 * channels)) * channels + r % channels;
            double factor = r % (2 * channels) < channels ? 1.0 : -paired.slope();
            for (int e = k.start(u); e < k.start(u + 1); e++) {
                out.add(k.column(e), factor * k.value(e));
            }
            out.endRow();
        }
        paired = null;
        return out.build();
    }

    /** A max pool's window over a LeakyReLU's split layer: twice the channels in and out. */
    private ConvGeometry doubled(LayerSpec layer, ConvGeometry g) {
        return pairedWindow(layer, g).withChannels(2 * g.inChannels(), 2 * g.outChannels());
    }

    /** The window of a layer that reads a LeakyReLU's split layer: twice the input channels. */
    private ConvGeometry pairedWindow(LayerSpec layer, ConvGeometry g) {
        if (paired == null) {
            return g;
        }
        if (g.inChannels() != paired.channels()) {
            throw unsupported(layer, "its input channels are not the LeakyReLU's: LeakyReLU=" + paired.from()
                    + ", channels=" + paired.channels() + ", inChannels=" + g.inChannels());
        }
        return g.withChannels(2 * g.inChannels(), g.outChannels());
    }

    /** A LeakyReLU's or ReLU's negative slope: Keras 3's negative_slope, Keras 2's alpha. */
    private static double slope(LayerSpec layer) {
        JsonNode v = layer.config().get("negative_slope");
        if (v == null || v.isNull()) {
            v = layer.config().get("alpha");
        }
        if (v == null || v.isNull()) {
            return LEAKY_RELU_LAYER_SLOPE;
        }
        if (!v.isNumber()) {
            throw new LoihiException(CompilerErrors.KERAS_BAD_CONFIG, "layer needs a numeric negative slope: layer="
                    + layer.name() + ", class=" + layer.className() + ", negative_slope=" + v);
        }
        if (layer.is("ReLU")) {
            plainRelu(layer, true);
        }
        return v.asDouble();
    }

    /** Whether an activation config names Keras's leaky_relu. */
    private static boolean isLeaky(JsonNode value) {
        String name = value == null ? "" : value.isObject() ? value.path("config").asText(value.path("class_name").asText())
                : value.asText();
        return "leaky_relu".equals(name);
    }

    /** Keras's Softmax layer: the softmax activation of the layer before it, over the last axis only. */
    private void softmax(LayerSpec layer) {
        JsonNode axis = single(layer.config().get("axis"));
        if (axis != null && !axis.isNull() && !isLastAxis(axis)) {
            throw unsupported(layer, "softmax over an axis other than the last: axis=" + axis);
        }
        activation(layer, Activation.SOFTMAX);
    }

    /** One softmax over every unit is Keras's only where the units are one position's (a softmax per position is not). */
    private void requireOneSoftmax(LayerSpec layer) {
        if (!flat() && width != shape[shape.length - 1]) {
            throw softmaxOnGrid(layer, shape);
        }
    }

    /** Keras would take a softmax at every position; the chip's readout takes one over every unit. */
    private static LoihiException softmaxOnGrid(LayerSpec layer, int[] shape) {
        return unsupported(layer, "softmax at every position of a grid: a Flatten or a global pool before it gives"
                + " one softmax: shape=" + Arrays.toString(shape));
    }

    /** Rescaling: x * scale + offset, each a number or one per channel, folded like a batch norm. */
    private void rescaling(LayerSpec layer) {
        double[] scale = perUnit(layer, "scale", numbers(layer, "scale", 1.0));
        double[] offset = perUnit(layer, "offset", numbers(layer, "offset", 0.0));
        affine(layer, scale, offset);
    }

    /**
     * Normalization: (x - mean) / max(sqrt(variance), 1e-7) as Keras computes it at inference
     * ({@code invert}: x * max(sqrt(variance), 1e-7) + mean), with the statistics from the
     * config when it holds them, else from the layer's weights; over the last axis or (axis
     * None) one for every value. Folded like a batch norm.
     */
    private void normalization(LayerSpec layer) {
        JsonNode axis = layer.config().get("axis");
        boolean perChannel = axis == null || !(axis.isNull() || axis.isArray() && axis.isEmpty());
        if (perChannel && !isLastAxis(single(axis == null ? IntNode.valueOf(-1) : axis))) {
            throw unsupported(layer, "only normalization over the last (feature or channel) axis folds: axis=" + axis);
        }
        double[] mean;
        double[] variance;
        JsonNode m = layer.config().get("mean");
        if (m != null && !m.isNull()) {
            mean = numbers(layer, "mean", Double.NaN);
            variance = numbers(layer, "variance", Double.NaN);
        } else {
            Map<String, Tensor> t = roles(layer, List.of("mean", "variance", "count"));
            mean = t.get("mean").values();
            variance = t.get("variance").values();
        }
        if (mean.length != variance.length || !perChannel && mean.length != 1) {
            throw new LoihiException(CompilerErrors.KERAS_SHAPE_MISMATCH, "normalization statistics do not match: layer="
                    + layer.name() + ", mean=" + mean.length + " values, variance=" + variance.length + " values, axis=" + axis);
        }
        boolean invert = layer.flag("invert", false);
        double[] s = new double[variance.length];
        double[] shift = new double[variance.length];
        for (int c = 0; c < variance.length; c++) {
            double deviation = Math.max(Math.sqrt(variance[c]), KERAS_EPSILON);
            if (!Double.isFinite(deviation) || !Double.isFinite(mean[c])) {
                throw new LoihiException(CompilerErrors.KERAS_NONFINITE, "normalization statistics are not finite (or the"
                        + " variance is negative): layer=" + layer.name() + ", index=[" + c + "], mean=" + mean[c]
                        + ", variance=" + variance[c]);
            }
            s[c] = invert ? deviation : 1 / deviation;
            shift[c] = invert ? mean[c] : -mean[c] / deviation;
        }
        affine(layer, perUnit(layer, "mean", s), perUnit(layer, "mean", shift));
    }

    /** A one-element list as its element (Keras 3 writes axes as lists). */
    private static JsonNode single(JsonNode axis) {
        return axis != null && axis.isArray() && axis.size() == 1 ? axis.get(0) : axis;
    }

    private boolean isLastAxis(JsonNode axis) {
        int last = shape == null ? 1 : shape.length;
        return axis.canConvertToInt() && (axis.asInt() == -1 || axis.asInt() == last);
    }

    /**
     * A config value that is a number, a list of numbers or Keras 3's serialized array
     * ({@code {"class_name": "__numpy__", "config": {"value": [...]}}}), as numbers; a missing
     * or null value is {@code absent} (NaN: required).
     */
    private static double[] numbers(LayerSpec layer, String key, double absent) {
        JsonNode v = layer.config().get(key);
        if (v != null && v.isObject()) {
            v = v.path("config").get("value");
        }
        if (v == null || v.isNull()) {
            if (Double.isNaN(absent)) {
                throw new LoihiException(CompilerErrors.KERAS_BAD_CONFIG, "layer needs " + key + ": layer=" + layer.name()
                        + ", class=" + layer.className());
            }
            return new double[] {absent};
        }
        List<Double> out = new ArrayList<>();
        if (!flatten(v, out) || out.isEmpty()) {
            throw new LoihiException(CompilerErrors.KERAS_BAD_CONFIG, "layer needs a number or a list of numbers: layer="
                    + layer.name() + ", class=" + layer.className() + ", " + key + "=" + v);
        }
        double[] values = out.stream().mapToDouble(Double::doubleValue).toArray();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new LoihiException(CompilerErrors.KERAS_NONFINITE, "non-finite value in the layer's config: layer="
                        + layer.name() + ", key=" + key + ", index=[" + i + "], value=" + values[i]);
            }
        }
        return values;
    }

    /** Numbers of a (nested) list in order; false where something else stands. */
    private static boolean flatten(JsonNode v, List<Double> out) {
        if (v.isNumber()) {
            out.add(v.asDouble());
            return true;
        }
        if (v.isTextual()) {
            // Keras writes inf and nan as text
            try {
                out.add(Double.parseDouble(v.asText()));
                return true;
            } catch (NumberFormatException notANumber) {
                return false;
            }
        }
        if (!v.isArray()) {
            return false;
        }
        for (JsonNode e : v) {
            if (!flatten(e, out)) {
                return false;
            }
        }
        return true;
    }

    /** One value for every value or one per channel, spread over the units (the channel is the fastest index). */
    private double[] perUnit(LayerSpec layer, String key, double[] values) {
        if (width < 0) {
            throw new LoihiException(CompilerErrors.KERAS_BAD_CONFIG, "layer needs the model's input shape in the config:"
                    + " layer=" + layer.name() + ", class=" + layer.className());
        }
        int channels = flat() ? width : shape[shape.length - 1];
        if (values.length != 1 && values.length != channels) {
            throw new LoihiException(CompilerErrors.KERAS_SHAPE_MISMATCH, "layer's " + key + " has neither one value nor"
                    + " one per channel: layer=" + layer.name() + ", values=" + values.length + ", channels=" + channels);
        }
        double[] out = new double[width];
        for (int u = 0; u < width; u++) {
            out[u] = values[values.length == 1 ? 0 : u % channels];
        }
        return out;
    }

    /**
     * Folds a per-unit {@code x * s + shift}: into the columns of the layer before it when that
     * layer is still linear, otherwise into the rows of the next layer with weights (after any
     * affine already waiting there).
     */
    private void affine(LayerSpec layer, double[] s, double[] shift) {
        // a layer split by sign (paired) has twice the columns: the affine waits for the next rows
        if (current != null && current.activation == Activation.LINEAR && pending == null && paired == null
                && current.quantizers.beforeActivation() == null && current.quantizers.afterActivation() == null) {
            current.kernel = current.kernel.columnsScaled(s);
            for (int j = 0; j < width; j++) {
                current.bias[j] = current.bias[j] * s[j] + shift[j];
            }
        } else if (pending == null) {
            pending = new Affine(layer.name(), layer.className(), s, shift);
        } else {
            double[] s2 = new double[width];
            double[] t2 = new double[width];
            for (int i = 0; i < width; i++) {
                s2[i] = s[i] * pending.scale()[i];
                t2[i] = s[i] * pending.shift()[i] + shift[i];
            }
            pending = new Affine(pending.from(), pending.className(), s2, t2);
        }
    }

    private void activation(LayerSpec layer, Activation next) {
        if (current == null) {
            throw unsupported(layer, "activation before the first Dense");
        }
        if (pending != null) {
            throw new LoihiException(CompilerErrors.KERAS_UNSUPPORTED_LAYER, pending.className() + " between two activations cannot"
                    + " be folded: layer=" + pending.from() + ", class=" + pending.className() + ", next=" + layer.name());
        }
        if (next == Activation.SOFTMAX) {
            requireOneSoftmax(layer);
        }
        if (paired != null && next != Activation.LINEAR) {
            throw unsupported(layer, "an activation after a LeakyReLU: LeakyReLU=" + paired.from() + ", activation="
                    + next.kerasName());
        }
        Activation now = current.activation;
        if (next == Activation.RELU6 && now != Activation.RELU6 && current.quantizers.afterActivation() != null) {
            throw unsupported(layer, "ReLU6 after an output quantizer: the cap would move before the quantizer");
        }
        if (next == Activation.LINEAR) {
            return;
        }
        if (next.relu() && now.relu()) {
            // one ReLU after another is one ReLU, capped if either is
            current.activation = now == Activation.RELU6 ? now : next;
            return;
        }
        if (now != Activation.LINEAR) {
            throw unsupported(layer, "activation " + next.kerasName() + " after " + now.kerasName());
        }
        current.activation = next;
    }

    /** A ReLU layer: plain, or capped at 6 (ReLU6); other caps, slopes and thresholds are refused. */
    private Activation plainRelu(LayerSpec layer) {
        return plainRelu(layer, false);
    }

    /** The ReLU layer's activation; {@code sloped}: a leaky one, which takes no cap and no threshold either. */
    private static Activation plainRelu(LayerSpec layer, boolean sloped) {
        JsonNode max = layer.config().get("max_value");
        double slope = layer.config().path("negative_slope").asDouble(0.0);
        double threshold = layer.config().path("threshold").asDouble(0.0);
        boolean capped = max != null && !max.isNull();
        boolean relu6 = capped && max.isNumber() && max.asDouble() == Activation.RELU6_CAP;
        if (sloped ? capped || threshold != 0.0 : (capped && !relu6) || slope != 0.0 || threshold != 0.0) {
            throw unsupported(layer, "only a plain ReLU or ReLU6 maps to the chip: max_value=" + max + ", negative_slope="
                    + slope + ", threshold=" + threshold);
        }
        return relu6 ? Activation.RELU6 : Activation.RELU;
    }

    /**
     * A weighted layer's own activation: linear when it is a quantizer (a QDense's or QConv's,
     * which {@link #qWeighted} applies after the weights), else the Keras activation it names.
     */
    private static Activation ownActivation(LayerSpec layer) {
        JsonNode activation = layer.config().get("activation");
        // a leaky ReLU is applied after the layer is placed (leakyRelu)
        return QuantizedLayers.isQuantizer(activation) || isLeaky(activation) ? Activation.LINEAR
                : activationOf(layer, activation);
    }

    /** The activation named by a config value: a string, Keras 3's serialized dict, or null (linear). */
    private static Activation activationOf(LayerSpec layer, JsonNode value) {
        String name;
        if (value == null || value.isNull()) {
            name = "linear";
        } else if (value.isObject()) {
            JsonNode config = value.get("config");
            name = config != null && config.isTextual() ? config.asText() : value.path("class_name").asText();
        } else {
            name = value.asText();
        }
        QuantizedLayers.refuseSignActivation(layer, name);
        return Activation.fromKeras(name).orElseThrow(() -> new LoihiException(CompilerErrors.KERAS_UNSUPPORTED_LAYER,
                "unsupported activation: layer=" + layer.name() + ", class=" + layer.className() + ", activation=" + name
                        + ", supported=relu,relu6,linear,softmax,sigmoid"));
    }

    /** The layer's tensors keyed by role, matched by name when the file names them, else by position. */
    private Map<String, Tensor> roles(LayerSpec layer, List<String> expected) {
        List<Tensor> tensors = store.tensors(layer).orElseThrow(() -> new LoihiException(CompilerErrors.KERAS_MISSING_WEIGHTS,
                "no weights for layer: file=" + store.source() + ", layer=" + layer.name() + ", class=" + layer.className()));
        if (tensors.isEmpty()) {
            throw new LoihiException(CompilerErrors.KERAS_MISSING_WEIGHTS, "layer has no weight tensors: file=" + store.source()
                    + ", layer=" + layer.name() + ", expected=" + expected);
        }
        Map<String, Tensor> byRole = new LinkedHashMap<>();
        boolean named = tensors.stream().allMatch(t -> NAMED_ROLES.contains(t.role()));
        for (int i = 0; i < tensors.size(); i++) {
            Tensor tensor = tensors.get(i);
            String role = named ? tensor.role() : (i < expected.size() ? expected.get(i) : "extra" + i);
            if (!expected.contains(role) || byRole.put(role, tensor) != null) {
                throw new LoihiException(CompilerErrors.KERAS_SHAPE_MISMATCH, "unexpected weight tensor: layer=" + layer.name()
                        + ", tensor=" + tensor.name() + ", expected=" + expected + ", count=" + tensors.size());
            }
        }
        for (String role : expected) {
            if (!byRole.containsKey(role)) {
                throw new LoihiException(CompilerErrors.KERAS_MISSING_WEIGHTS, "weight tensor missing: file=" + store.source()
                        + ", layer=" + layer.name() + ", tensor=" + role);
            }
        }
        for (Tensor tensor : byRole.values()) {
            requireFinite(layer, tensor);
        }
        return byRole;
    }

    private void learnWidth(int fromTensor) {
        if (width < 0 && fromTensor > 0) {
            width = fromTensor;
            inputSize = fromTensor;
        }
    }

    private static void expectShape(LayerSpec layer, Tensor tensor, int... expected) {
        if (!tensor.hasShape(expected)) {
            throw new LoihiException(CompilerErrors.KERAS_SHAPE_MISMATCH, "weight shape differs from the architecture: layer="
                    + layer.name() + ", tensor=" + tensor.name() + ", expected=" + Arrays.toString(expected)
                    + ", actual=" + Arrays.toString(tensor.shape()));
        }
    }

    private static void requireFinite(LayerSpec layer, Tensor tensor) {
        double[] v = tensor.values();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new LoihiException(CompilerErrors.KERAS_NONFINITE, "non-finite weight: layer=" + layer.name() + ", tensor="
                        + tensor.name() + ", index=" + tensor.indexOf(i) + ", value=" + v[i]);
            }
        }
    }

    private void finish() {
        if (current != null) {
            done.add(new DenseLayer(current.name, current.kernel, current.bias, current.activation, current.quantizers,
                    current.window));
            current = null;
        }
    }

    private static LoihiException unsupported(LayerSpec layer, String why) {
        return new LoihiException(CompilerErrors.KERAS_UNSUPPORTED_LAYER, "unsupported layer: layer=" + layer.name()
                + ", class=" + layer.className() + ", reason=" + why);
    }

    /** The layer being assembled; its columns still take a following batch norm or activation. */
    private static final class Draft {
        final String name;
        Weights kernel;
        final double[] bias;
        final ConvGeometry window;
        Activation activation;
        LayerQuantizers quantizers = LayerQuantizers.NONE;

        Draft(String name, Weights kernel, double[] bias, Activation activation, ConvGeometry window) {
            this.name = name;
            this.kernel = kernel;
            this.bias = bias;
            this.activation = activation;
            this.window = window;
        }
    }

    /**
     * The layer before holds each unit u of a LeakyReLU twice, relu(z) and relu(-z), at
     * {@code (u / channels) * 2 channels + u % channels} and {@code channels} further on.
     */
    private record SignedPair(String from, double slope, int channels) {}

    /** A per-unit x * scale + shift waiting for the next layer's rows; {@code from} names its first layer. */
    private record Affine(String from, String className, double[] scale, double[] shift) {}
}
