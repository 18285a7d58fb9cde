package dev.loihi.compiler.keras;

import java.util.Arrays;

/**
 * One weight array read from a weights file, in C order.
 *
 * @param name the name the file gives it ({@code fc1/kernel:0}, or a Keras 3 index {@code 0})
 */
record Tensor(String name, int[] shape, double[] values) {
    /** The last part of a Keras 2 weight name without its {@code :0} suffix: kernel, bias, gamma... */
    String role() {
        String last = name.substring(name.lastIndexOf('/') + 1);
        int colon = last.indexOf(':');
        return colon >= 0 ? last.substring(0, colon) : last;
    }

    boolean hasShape(int... expected) {
        return Arrays.equals(shape, expected);
    }

    /** The multi-dimensional index of flat element {@code flat}, e.g. [3, 7]. */
    String indexOf(int flat) {
        int[] index = new int[shape.length];
        int rest = flat;
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = rest % shape[d];
            rest /= shape[d];
        }
        return Arrays.toString(index);
    }

    /** The values as [rows][cols] of a 2-D tensor. */
    double[][] matrix() {
        double[][] m = new double[shape[0]][];
        for (int r = 0; r < shape[0]; r++) {
            m[r] = Arrays.copyOfRange(values, r * shape[1], (r + 1) * shape[1]);
        }
        return m;
    }
}
