package dev.loihi.compiler.nir;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompilerErrors;
import java.util.Arrays;

/**
 * NIR's Conv2d and SumPool2d as {@link SparseMap}s on C-order (channel, row, column) vectors,
 * by NIR's (PyTorch's) definitions: output size floor((H + 2 p - d (k - 1) - 1) / s) + 1 per
 * axis, zero padding, grouped channels, cross-correlation (the kernel is not flipped).
 */
final class ConvolutionMaps {
    private ConvolutionMaps() {}

    /** @param inShape (C, H, W) of the incoming signal */
    static SparseMap conv2d(NirNode node, int[] inShape) {
        NirArray w = node.param("weight");
        if (w == null || w.rank() != 4) {
            throw bad(node, "weight must be [out_channels, in_channels / groups, kh, kw]: shape="
                    + (w == null ? "missing" : Arrays.toString(w.shape())));
        }
        int[] stride = pair(node, "stride", 1);
        int[] padding = pair(node, "padding", 0);
        int[] dilation = pair(node, "dilation", 1);
        int groups = node.param("groups") == null ? 1 : (int) node.param("groups").values()[0];
        int cOut = w.shape()[0];
        int cInGroup = w.shape()[1];
        int kh = w.shape()[2];
        int kw = w.shape()[3];
        int[] in = spatial(node, inShape);
        if (groups < 1 || cOut % groups != 0 || in[0] != cInGroup * groups) {
            throw new LoihiException(CompilerErrors.NIR_BAD_GRAPH, "convolution channels do not match its input: node="
                    + node.name() + ", inputShape=" + Arrays.toString(in) + ", weight=" + Arrays.toString(w.shape())
                    + ", groups=" + groups);
        }
        int ho = outSize(node, in[1], kh, stride[0], padding[0], dilation[0]);
        int wo = outSize(node, in[2], kw, stride[1], padding[1], dilation[1]);
        int[][] index = new int[cOut * ho * wo][];
        double[][] weight = new double[index.length][];
        double[] values = w.values();
        int cOutGroup = cOut / groups;
        int[] idx = new int[cInGroup * kh * kw];
        double[] wt = new double[idx.length];
        for (int co = 0; co < cOut; co++) {
            int g = co / cOutGroup;
            for (int y = 0; y < ho; y++) {
                for (int x = 0; x < wo; x++) {
                    int n = 0;
                    for (int ci = 0; ci < cInGroup; ci++) {
                        for (int ky = 0; ky < kh; ky++) {
                            int iy = y * stride[0] - padding[0] + ky * dilation[0];
                            for (int kx = 0; kx < kw; kx++) {
                                int ix = x * stride[1] - padding[1] + kx * dilation[1];
                                double v = values[((co * cInGroup + ci) * kh + ky) * kw + kx];
                                if (iy >= 0 && iy < in[1] && ix >= 0 && ix < in[2] && v != 0) {
                                    idx[n] = ((g * cInGroup + ci) * in[1] + iy) * in[2] + ix;
                                    wt[n++] = v;
                                }
                            }
                        }
                    }
                    int o = (co * ho + y) * wo + x;
                    index[o] = Arrays.copyOf(idx, n);
                    weight[o] = Arrays.copyOf(wt, n);
                }
            }
        }
        return new SparseMap(in[0] * in[1] * in[2], new int[] {cOut, ho, wo}, index, weight);
    }

    /** The bias of a Conv2d per output element (its channel's), or null. */
    static double[] conv2dBias(NirNode node, int[] outShape) {
        NirArray b = node.param("bias");
        if (b == null) {
            return null;
        }
        if (b.size() != outShape[0]) {
            throw bad(node, "bias must have one value per output channel: size=" + b.size() + ", channels=" + outShape[0]);
        }
        int plane = outShape[1] * outShape[2];
        double[] out = new double[outShape[0] * plane];
        for (int o = 0; o < out.length; o++) {
            out[o] = b.values()[o / plane];
        }
        return out;
    }

    /** Sums over each window, channel by channel; padding adds zeros. */
    static SparseMap sumPool2d(NirNode node, int[] inShape) {
        int[] kernel = pair(node, "kernel_size", -1);
        int[] stride = pair(node, "stride", -1);
        int[] padding = pair(node, "padding", 0);
        if (kernel[0] < 1 || kernel[1] < 1) {
            throw bad(node, "kernel_size must be positive: kernel_size=" + Arrays.toString(kernel));
        }
        int[] in = spatial(node, inShape);
        int ho = outSize(node, in[1], kernel[0], stride[0], padding[0], 1);
        int wo = outSize(node, in[2], kernel[1], stride[1], padding[1], 1);
        int[][] index = new int[in[0] * ho * wo][];
        double[][] weight = new double[index.length][];
        int[] idx = new int[kernel[0] * kernel[1]];
        for (int c = 0; c < in[0]; c++) {
            for (int y = 0; y < ho; y++) {
                for (int x = 0; x < wo; x++) {
                    int n = 0;
                    for (int ky = 0; ky < kernel[0]; ky++) {
                        int iy = y * stride[0] - padding[0] + ky;
                        for (int kx = 0; kx < kernel[1]; kx++) {
                            int ix = x * stride[1] - padding[1] + kx;
                            if (iy >= 0 && iy < in[1] && ix >= 0 && ix < in[2]) {
                                idx[n++] = (c * in[1] + iy) * in[2] + ix;
                            }
                        }
                    }
                    int o = (c * ho + y) * wo + x;
                    index[o] = Arrays.copyOf(idx, n);
                    weight[o] = new double[n];
                    Arrays.fill(weight[o], 1);
                }
            }
        }
        return new SparseMap(in[0] * in[1] * in[2], new int[] {in[0], ho, wo}, index, weight);
    }

    private static int outSize(NirNode node, int size, int k, int stride, int padding, int dilation) {
        if (stride < 1 || padding < 0 || dilation < 1) {
            throw bad(node, "stride and dilation must be >= 1, padding >= 0: stride=" + stride + ", padding=" + padding
                    + ", dilation=" + dilation);
        }
        int out = Math.floorDiv(size + 2 * padding - dilation * (k - 1) - 1, stride) + 1;
        if (out < 1) {
            throw new LoihiException(CompilerErrors.NIR_BAD_GRAPH, "window larger than its padded input: node="
                    + node.name() + ", size=" + size + ", kernel=" + k + ", padding=" + padding);
        }
        return out;
    }

    /** (C, H, W) of the input; a 2-D spatial input of one channel is (1, H, W). */
    private static int[] spatial(NirNode node, int[] shape) {
        if (shape.length == 3) {
            return shape;
        }
        if (shape.length == 2) {
            return new int[] {1, shape[0], shape[1]};
        }
        throw new LoihiException(CompilerErrors.NIR_BAD_GRAPH, "2-D convolution or pooling needs a (C, H, W) input: node="
                + node.name() + ", inputShape=" + Arrays.toString(shape));
    }

    /** A per-axis pair (a scalar applies to both axes); {@code fallback} when absent, -1 for required. */
    private static int[] pair(NirNode node, String key, int fallback) {
        NirArray a = node.param(key);
        if (a == null) {
            if (fallback < 0) {
                throw bad(node, "missing parameter: key=" + key);
            }
            return new int[] {fallback, fallback};
        }
        double[] v = a.values();
        if (v.length != 1 && v.length != 2) {
            throw bad(node, "parameter must be one or two integers: key=" + key + ", size=" + v.length);
        }
        int[] out = {(int) v[0], (int) v[v.length - 1]};
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i])) {
                throw bad(node, "parameter must be integers: key=" + key + ", value=" + v[i]);
            }
        }
        return out;
    }

    private static LoihiException bad(NirNode node, String what) {
        int colon = what.indexOf(": ");
        return new LoihiException(CompilerErrors.NIR_BAD_FORMAT, what.substring(0, colon) + ": node=" + node.name()
                + ", type=" + node.type() + ", " + what.substring(colon + 2));
    }
}
