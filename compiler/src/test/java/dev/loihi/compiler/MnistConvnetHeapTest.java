package dev.loihi.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.compiler.convert.AnnToSnn;
import dev.loihi.compiler.convert.ConvertOptions;
import dev.loihi.compiler.io.DigitImages;
import dev.loihi.compiler.keras.Activation;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.ConvGeometry;
import dev.loihi.compiler.keras.ConvLayers;
import dev.loihi.compiler.keras.DenseLayer;
import dev.loihi.compiler.keras.LayerQuantizers;
import dev.loihi.compiler.report.Utilization;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Keras examples' MNIST convnet (28 x 28 x 1: conv 32 3x3, max pool 2, conv 64 3x3, max pool
 * 2, readout 10; seeded weights) converts and compiles in a JVM of its own with a heap of
 * {@value #HEAP}, where holding its layers as dense matrices took more than 12 GB (the max pool's
 * first tree level alone is 21,632 x 21,632 doubles). One conversion, no calibration search.
 */
class MnistConvnetHeapTest {
    static final String HEAP = "1g";
    private static final long TIMEOUT_S = 300;

    @Test
    void shouldCompileTheMnistConvnetWithinABoundedHeap() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP, "-Xss4m", "-cp", System.getProperty("java.class.path"), Child.class.getName());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try {
                p.getInputStream().transferTo(output);
            } catch (java.io.IOException e) {
                // the process ended; what it wrote is kept
            }
        });
        reader.start();
        boolean done = p.waitFor(TIMEOUT_S, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor();
        }
        reader.join();
        String out = output.toString(StandardCharsets.UTF_8);
        System.out.println(out.strip());
        assertTrue(done, "compiled within " + TIMEOUT_S + " s: " + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("chips=1"), "fits one chip: " + out);
    }

    /** Builds, converts and compiles the convnet; prints its cores and chips. */
    public static final class Child {
        public static void main(String[] args) {
            Random r = new Random(13);
            AnnModel model = convnet(r);
            ConvertOptions options = ConvertOptions.defaults().withCalibration(DigitImages.draw(50, 2));
            CompileResult result = Compiler.compile(AnnToSnn.convert(model, options));
            Utilization u = result.report().utilization();
            System.out.println("cores=" + u.cores() + " chips=" + u.chipsUsed() + " maxHeapMiB="
                    + Runtime.getRuntime().maxMemory() / (1 << 20));
        }

        static AnnModel convnet(Random r) {
            ConvGeometry conv1 = ConvGeometry.keras(new int[] {28, 28}, 1, new int[] {3, 3}, new int[] {1, 1}, false, 32);
            ConvGeometry pool1 = ConvGeometry.keras(conv1.outSize(), 32, new int[] {2, 2}, new int[] {2, 2}, false, 32);
            ConvGeometry conv2 = ConvGeometry.keras(pool1.outSize(), 32, new int[] {3, 3}, new int[] {1, 1}, false, 64);
            ConvGeometry pool2 = ConvGeometry.keras(conv2.outSize(), 64, new int[] {2, 2}, new int[] {2, 2}, false, 64);
            List<DenseLayer> layers = new ArrayList<>();
            layers.add(ConvLayers.conv("conv1", conv1, gaussian(r, 9 * 32, 1 / 3.0), gaussian(r, 32, 0.01),
                    Activation.RELU, LayerQuantizers.NONE));
            layers.addAll(ConvLayers.maxPool("pool1", pool1));
            layers.add(ConvLayers.conv("conv2", conv2, gaussian(r, 9 * 32 * 64, 1 / Math.sqrt(9 * 32)),
                    gaussian(r, 64, 0.01), Activation.RELU, LayerQuantizers.NONE));
            layers.addAll(ConvLayers.maxPool("pool2", pool2));
            double[][] readout = new double[pool2.outUnits()][10];
            for (double[] row : readout) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = r.nextGaussian() / 40;
                }
            }
            layers.add(new DenseLayer("readout", readout, new double[10], Activation.SOFTMAX));
            return new AnnModel("keras_mnist_convnet", conv1.inUnits(), layers);
        }

        private static double[] gaussian(Random r, int n, double sd) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = r.nextGaussian() * sd;
            }
            return v;
        }
    }
}
