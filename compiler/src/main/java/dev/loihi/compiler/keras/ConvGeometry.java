package dev.loihi.compiler.keras;

import java.util.Arrays;

/**
 * Where a channels-last convolution or pooling window reads: a 1-D or 2-D grid of input
 * positions with {@code inChannels} values each, a kernel slid with {@code strides}, padded as
 * Keras pads, giving a grid of output positions with {@code outChannels} values each. Tensors
 * are flattened in C order, position after position and the channel last, as Keras's Flatten
 * does, so unit {@code pos * channels + c} of a layer is channel c at position pos.
 *
 * <p>Keras (TensorFlow) padding: {@code valid} has none and {@code out = (in - k) / s + 1};
 * {@code same} gives {@code out = ceil(in / s)} and pads {@code max((out - 1) s + k - in, 0)}
 * zeros, the smaller half before. Padded taps read nothing: a conv adds zero for them, and an
 * average pool leaves them out of the count (TensorFlow's {@code avg_pool} does).
 *
 * <p>A layer that knows its geometry can later be emitted as shared (population) weights: every
 * output position applies the same kernel, which only a dense expansion has to repeat.
 *
 * @param inSize     input grid, one entry per spatial axis
 * @param kernel     window per spatial axis
 * @param padBefore  zeros padded before the first input position, per axis
 * @param outSize    output grid, per axis
 */
public record ConvGeometry(int[] inSize, int inChannels, int[] kernel, int[] strides, int[] padBefore, int[] outSize,
                           int outChannels) {

    /** Receives one tap: output position {@code out} reads input position {@code in} through kernel cell {@code cell}. */
    @FunctionalInterface
    public interface TapVisitor {
        void tap(int out, int in, int cell);
    }

    /**
     * The geometry Keras gives a layer on input grid {@code inSize}.
     *
     * @param same true for {@code padding="same"}, false for {@code valid}
     * @return null when a valid window does not fit in the input (no output position)
     */
    public static ConvGeometry keras(int[] inSize, int inChannels, int[] kernel, int[] strides, boolean same,
                                     int outChannels) {
        int rank = inSize.length;
        int[] out = new int[rank];
        int[] pad = new int[rank];
        for (int d = 0; d < rank; d++) {
            if (same) {
                out[d] = (inSize[d] + strides[d] - 1) / strides[d];
                pad[d] = Math.max((out[d] - 1) * strides[d] + kernel[d] - inSize[d], 0) / 2;
            } else {
                if (inSize[d] < kernel[d]) {
                    return null;
                }
                out[d] = (inSize[d] - kernel[d]) / strides[d] + 1;
            }
        }
        return new ConvGeometry(inSize.clone(), inChannels, kernel.clone(), strides.clone(), pad, out, outChannels);
    }

    public int inPositions() {
        return product(inSize);
    }

    /** This window with other channel counts: the same grids, kernel, strides and padding. */
    public ConvGeometry withChannels(int in, int out) {
        return new ConvGeometry(inSize, in, kernel, strides, padBefore, outSize, out);
    }

    public int outPositions() {
        return product(outSize);
    }

    public int cells() {
        return product(kernel);
    }

    /** Units of the input: positions x channels. */
    public int inUnits() {
        return inPositions() * inChannels;
    }

    public int outUnits() {
        return outPositions() * outChannels;
    }

    /** The output's shape as Keras sees it: the grid, then the channels. */
    public int[] outShape() {
        int[] shape = Arrays.copyOf(outSize, outSize.length + 1);
        shape[outSize.length] = outChannels;
        return shape;
    }

    /** Visits every tap that falls inside the input, output positions in order, cells in C order. */
    public void forEachTap(TapVisitor visitor) {
        int rank = inSize.length;
        int[] o = new int[rank];
        int[] k = new int[rank];
        for (int out = 0; out < outPositions(); out++) {
            unflatten(out, outSize, o);
            for (int cell = 0; cell < cells(); cell++) {
                unflatten(cell, kernel, k);
                int in = 0;
                boolean inside = true;
                for (int d = 0; d < rank && inside; d++) {
                    int at = o[d] * strides[d] - padBefore[d] + k[d];
                    inside = at >= 0 && at < inSize[d];
                    in = in * inSize[d] + at;
                }
                if (inside) {
                    visitor.tap(out, in, cell);
                }
            }
        }
    }

    /**
     * The windows of this layer read through {@code before}, a window layer (a pool) on whose
     * output grid this one slides: the same outputs, reading {@code before}'s input. The
     * composite window spans every input cell that can reach an output; cells that cannot (the
     * edges, gaps between pool windows) hold zero weights in the expanded kernel.
     */
    public ConvGeometry after(ConvGeometry before) {
        int rank = inSize.length;
        int[] k = new int[rank];
        int[] s = new int[rank];
        int[] pad = new int[rank];
        for (int d = 0; d < rank; d++) {
            k[d] = (kernel[d] - 1) * before.strides[d] + before.kernel[d];
            s[d] = strides[d] * before.strides[d];
            pad[d] = padBefore[d] * before.strides[d] + before.padBefore[d];
        }
        return new ConvGeometry(before.inSize.clone(), before.inChannels, k, s, pad, outSize.clone(), outChannels);
    }

    /** Taps of each output position that fall inside the input (the count an average divides by). */
    public int[] tapsPerOutput() {
        int[] count = new int[outPositions()];
        forEachTap((out, in, cell) -> count[out]++);
        return count;
    }

    /** A dilated window's span per axis: (k - 1) x d + 1 cells, the kernel's taps d apart. */
    static int[] dilatedSpan(int[] kernel, int[] dilation) {
        int[] span = new int[kernel.length];
        for (int d = 0; d < span.length; d++) {
            span[d] = (kernel[d] - 1) * dilation[d] + 1;
        }
        return span;
    }

    /**
     * A kernel in Keras's C order ([window..., rest]: {@code rest} values per cell) spread over its
     * dilated span, zeros between the taps: the undilated convolution over the span is the dilated
     * one, so geometry, placement and shared weights need nothing else (a zero weight is never stored).
     */
    static double[] dilatedKernel(double[] values, int[] kernel, int[] dilation, int rest) {
        int[] span = dilatedSpan(kernel, dilation);
        if (Arrays.equals(span, kernel)) {
            return values;
        }
        double[] out = new double[product(span) * rest];
        int[] k = new int[kernel.length];
        for (int cell = 0; cell < product(kernel); cell++) {
            unflatten(cell, kernel, k);
            int at = 0;
            for (int d = 0; d < k.length; d++) {
                at = at * span[d] + k[d] * dilation[d];
            }
            System.arraycopy(values, cell * rest, out, at * rest, rest);
        }
        return out;
    }

    /** For reports: {@code 3x3/2 same 28x28x1->14x14x8}. */
    public String describe() {
        return join(kernel) + "/" + join(strides) + " " + join(inSize) + "x" + inChannels + "->" + join(outSize) + "x"
                + outChannels;
    }

    /** True when both describe the same windows over the same grids. */
    public boolean sameAs(ConvGeometry other) {
        return other != null && inChannels == other.inChannels && outChannels == other.outChannels
                && Arrays.equals(inSize, other.inSize) && Arrays.equals(kernel, other.kernel)
                && Arrays.equals(strides, other.strides) && Arrays.equals(padBefore, other.padBefore)
                && Arrays.equals(outSize, other.outSize);
    }

    private static void unflatten(int flat, int[] dims, int[] into) {
        int rest = flat;
        for (int d = dims.length - 1; d >= 0; d--) {
            into[d] = rest % dims[d];
            rest /= dims[d];
        }
    }

    private static int product(int[] dims) {
        int p = 1;
        for (int d : dims) {
            p *= d;
        }
        return p;
    }

    private static String join(int[] dims) {
        StringBuilder s = new StringBuilder();
        for (int d = 0; d < dims.length; d++) {
            s.append(d == 0 ? "" : "x").append(dims[d]);
        }
        return s.toString();
    }
}
