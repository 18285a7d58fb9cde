package dev.loihi.compiler.nir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loihi.common.LoihiException;
import dev.loihi.compiler.CompilerErrors;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Conv2d and SumPool2d maps against PyTorch's definition written out as loops. */
class ConvolutionMapsTest {

    private static NirNode node(String type, Map<String, NirArray> params) {
        return new NirNode("c", type, params, null);
    }

    private static double[] apply(SparseMap map, double[] x) {
        double[] y = new double[map.outSize()];
        for (int o = 0; o < y.length; o++) {
            for (int n = 0; n < map.index()[o].length; n++) {
                y[o] += map.weight()[o][n] * x[map.index()[o][n]];
            }
        }
        return y;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void shouldConvolveAsPyTorchDefinesIt(long seed) {
        Random r = new Random(seed);
        int groups = 1 + r.nextInt(2);
        int cIn = groups * (1 + r.nextInt(2));
        int cOut = groups * (1 + r.nextInt(3));
        int h = 4 + r.nextInt(5);
        int w = 4 + r.nextInt(5);
        int kh = 1 + r.nextInt(3);
        int kw = 1 + r.nextInt(3);
        int[] stride = {1 + r.nextInt(2), 1 + r.nextInt(2)};
        int[] pad = {r.nextInt(2), r.nextInt(2)};
        int[] dil = {1 + r.nextInt(2), 1 + r.nextInt(2)};
        int cg = cIn / groups;
        double[] weight = r.doubles((long) cOut * cg * kh * kw, -1, 1).toArray();
        Map<String, NirArray> p = new LinkedHashMap<>();
        p.put("weight", new NirArray(new int[] {cOut, cg, kh, kw}, weight));
        p.put("stride", NirArray.of(stride[0], stride[1]));
        p.put("padding", NirArray.of(pad[0], pad[1]));
        p.put("dilation", NirArray.of(dil[0], dil[1]));
        p.put("groups", NirArray.of(groups));
        SparseMap map = ConvolutionMaps.conv2d(node("Conv2d", p), new int[] {cIn, h, w});
        int ho = (h + 2 * pad[0] - dil[0] * (kh - 1) - 1) / stride[0] + 1;
        int wo = (w + 2 * pad[1] - dil[1] * (kw - 1) - 1) / stride[1] + 1;
        assertArrayEquals(new int[] {cOut, ho, wo}, map.outShape());
        double[] x = r.doubles((long) cIn * h * w, -1, 1).toArray();
        double[] expected = new double[cOut * ho * wo];
        for (int co = 0; co < cOut; co++) {
            int g = co / (cOut / groups);
            for (int y = 0; y < ho; y++) {
                for (int xo = 0; xo < wo; xo++) {
                    double s = 0;
                    for (int ci = 0; ci < cg; ci++) {
                        for (int ky = 0; ky < kh; ky++) {
                            for (int kx = 0; kx < kw; kx++) {
                                int iy = y * stride[0] - pad[0] + ky * dil[0];
                                int ix = xo * stride[1] - pad[1] + kx * dil[1];
                                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                    s += weight[((co * cg + ci) * kh + ky) * kw + kx]
                                            * x[((g * cg + ci) * h + iy) * w + ix];
                                }
                            }
                        }
                    }
                    expected[(co * ho + y) * wo + xo] = s;
                }
            }
        }
        assertArrayEquals(expected, apply(map, x), 1e-12);
    }

    @Test
    void shouldSumEachPoolingWindowPerChannel() {
        Map<String, NirArray> p = new LinkedHashMap<>();
        p.put("kernel_size", NirArray.of(2, 2));
        p.put("stride", NirArray.of(2, 2));
        p.put("padding", NirArray.of(0, 0));
        SparseMap map = ConvolutionMaps.sumPool2d(node("SumPool2d", p), new int[] {2, 4, 4});
        assertArrayEquals(new int[] {2, 2, 2}, map.outShape());
        double[] x = new double[32];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        // Channel 1's bottom-right window: 26 + 27 + 30 + 31.
        assertEquals(114, apply(map, x)[7]);
        assertEquals(0 + 1 + 4 + 5, apply(map, x)[0]);
    }

    @Test
    void shouldRefuseMismatchedChannelsNamingTheNode() {
        Map<String, NirArray> p = new LinkedHashMap<>();
        p.put("weight", new NirArray(new int[] {4, 3, 3, 3}, new double[108]));
        LoihiException e = assertThrows(LoihiException.class,
                () -> ConvolutionMaps.conv2d(node("Conv2d", p), new int[] {2, 8, 8}));
        assertEquals(CompilerErrors.NIR_BAD_GRAPH, e.code());
    }
}
