package dev.loihi.compiler.nir;

/**
 * A linear map given per output element as its few inputs and their weights: what a
 * convolution or a pooling window is, without the mostly-zero dense matrix.
 *
 * @param inSize  elements of the input (C-order, channels first)
 * @param outShape shape of the output, channels first
 * @param index   per output element, the inputs it reads
 * @param weight  per output element, their weights
 */
record SparseMap(int inSize, int[] outShape, int[][] index, double[][] weight) {
    int outSize() {
        return index.length;
    }
}
