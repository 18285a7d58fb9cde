package dev.loihi.compiler.convert;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.Fixtures;
import dev.loihi.compiler.discretize.DiscreteBlock;
import dev.loihi.compiler.discretize.DiscreteConnection;
import dev.loihi.compiler.discretize.DiscreteNetwork;
import dev.loihi.compiler.discretize.Discretizer;
import dev.loihi.compiler.io.NpyReader;
import dev.loihi.compiler.keras.AnnModel;
import dev.loihi.compiler.keras.FloatModel;
import dev.loihi.compiler.keras.KerasImporter;
import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Ensemble;
import dev.loihi.compiler.net.Network;
import dev.loihi.compiler.net.NeuronType;
import dev.loihi.compiler.report.Diagnostics;
import dev.loihi.image.ChipLimits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Opt-in study (docs/CONVERSION.md, "The conv jet tagger (sixth pass, session 12)"): which of
 * the discretizer's roundings costs the conv jet tagger agreement. The converted network is run
 * spike by spike in float ({@link RateSimulation}: reset by subtraction, no leak), once as
 * converted and once per hidden layer with that layer's weights, or its bias, replaced by the
 * discretizer's integers read back as thresholds (chip units / scale / the leak's input gain),
 * or the bias rounded two other ways (each copy to its nearest step; the rounded bias averaged
 * over a unit's copies). The readout is taken over the steps after the host's settling steps.
 * A second method compares each layer's spikes with what a constant drive would give.
 * {@code -Dloihi.jet.study=DIR} (jet_cal.npy, jet_test.npy), optional
 * {@code -Dloihi.jet.study.rows=N} (300) and {@code -Dloihi.jet.study.percentile=P} (99.99).
 */
class ConvJetTaggerRoundingStudyTest {
    private static final int STEPS = 200;
    private static final int SETTLE = 10;

    /** The tagger and the study's sets. */
    private record Study(AnnModel model, double[][] cal, double[][] test) {
        static Study load() {
            String dir = System.getProperty("loihi.jet.study");
            Assumptions.assumeTrue(dir != null, "opt-in: -Dloihi.jet.study=DIR");
            Path json = Fixtures.find("keras_conv/jetTagger_Conv2D_Small_NoBatchNorm.json").orElseThrow();
            Path weights = Fixtures.find("keras_conv/jetTagger_Conv2D_Small_NoBatchNorm_weights.h5").orElseThrow();
            return new Study(KerasImporter.load(json, weights), NpyReader.read(Path.of(dir, "jet_cal.npy")).toMatrix(),
                    NpyReader.read(Path.of(dir, "jet_test.npy")).toMatrix());
        }

        Network convert() {
            double percentile = Double.parseDouble(System.getProperty("loihi.jet.study.percentile", "99.99"));
            return AnnToSnn.convert(model, ConvertOptions.defaults().withCalibration(cal).withPercentile(percentile));
        }
    }

    private static double[] minus(double[] a, double[] b) {
        double[] out = a.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] -= b[i];
        }
        return out;
    }

    @Test
    void shouldPrintWhatEachLayersRoundingCosts() {
        Study study = Study.load();
        double[][] test = Arrays.copyOf(study.test, Math.min(study.test.length,
                Integer.getInteger("loihi.jet.study.rows", 300)));
        int[] expected = ConvJetTaggerStudyTest.argmax(FloatModel.predict(study.model, test));
        Network net = study.convert();
        DiscreteNetwork discrete = new Discretizer(new Diagnostics()).discretize(net);
        System.out.printf("float network: %.3f%n", agreement(net, test, expected));
        Network all = net;
        for (Ensemble e : net.ensembles()) {
            if (e.type() != NeuronType.SUBTRACTIVE_RELU) {
                continue;
            }
            System.out.printf("%s: bias source parts %s%n", e.name(), discrete.connections().stream()
                    .filter(dc -> dc.source() == DiscreteConnection.SYNTHESIZED && dc.post().equals(e.name())
                            && !dc.pre().equals(e.name()))
                    .map(dc -> dc.signMode() + " exp " + dc.weightExp()).toList());
            Network w = withRoundedWeights(net, discrete, e.name());
            Network b = withRoundedBias(net, discrete, e.name());
            System.out.printf("%s: rounded weights %.3f, rounded bias %.3f, bias each copy to its nearest step %.3f,"
                    + " rounded bias averaged over each unit's copies %.3f%n", e.name(),
                    agreement(w, test, expected), agreement(b, test, expected),
                    agreement(withBias(net, e.name(), nearest(e, block(discrete, e.name()))), test, expected),
                    agreement(withBias(net, e.name(), copyMeans(b, e.name())), test, expected));
            all = withRoundedBias(withRoundedWeights(all, discrete, e.name()), discrete, e.name());
        }
        System.out.printf("every hidden layer's weights and bias rounded: %.3f%n", agreement(all, test, expected));
        // The per-copy rule for one layer's bias with everything else rounded, as the chip would run it.
        for (Ensemble e : net.ensembles()) {
            if (e.type() == NeuronType.SUBTRACTIVE_RELU) {
                System.out.printf("every layer rounded, %s's bias each copy to its nearest step: %.3f, at 0: %.3f%n",
                        e.name(), agreement(withBias(all, e.name(), nearest(e, block(discrete, e.name()))), test, expected),
                        agreement(withBias(all, e.name(), new double[e.n()]), test, expected));
            }
        }
        assertTrue(all != net, "the tagger has SUBTRACTIVE_RELU layers");
    }

    /**
     * Per hidden layer fed by another, over the first inputs: the spikes the layer fired against
     * floor(start + T x min(1, drive)) per neuron, the drive being what its inputs' simulated counts
     * give as a constant (the surrogate's assumption); and the spikes of neurons whose constant drive
     * is at most 0 (ReLU says silent), which only a drive that varies in time makes fire.
     */
    @Test
    void shouldPrintWhereTheSpikingRunLeavesTheConstantDrive() {
        Study study = Study.load();
        double[][] test = study.test;
        Network net = study.convert();
        int rows = Math.min(test.length, 100);
        for (Connection c : net.connections()) {
            Ensemble post = net.ensembles().stream().filter(e -> e.name().equals(c.post())).findFirst().orElseThrow();
            if (post.type() != NeuronType.SUBTRACTIVE_RELU || net.ensembles().stream().noneMatch(e -> e.name().equals(c.pre()))) {
                continue;
            }
            double fired = 0;
            double predicted = 0;
            double absolute = 0;
            double silentFired = 0;
            for (int r = 0; r < rows; r++) {
                // Counts over the steps after the settling ones, as the host's readout takes them.
                java.util.Map<String, double[]> early = new java.util.HashMap<>();
                java.util.Map<String, double[]> counts = new java.util.HashMap<>();
                RateSimulation.run(net, test[r], SETTLE, early);
                RateSimulation.run(net, test[r], STEPS, counts);
                double[] pre = minus(counts.get(c.pre()), early.get(c.pre()));
                double[] sim = minus(counts.get(c.post()), early.get(c.post()));
                int window = STEPS - SETTLE;
                for (int j = 0; j < post.n(); j++) {
                    double drive = post.bias()[j];
                    for (int i = 0; i < pre.length; i++) {
                        drive += c.weights()[i][j] * pre[i] / window;
                    }
                    double expect = Math.max(0, Math.floor(post.startOf(j) + window * Math.min(1, drive)));
                    fired += sim[j];
                    predicted += expect;
                    absolute += Math.abs(sim[j] - expect);
                    if (drive <= 0) {
                        silentFired += sim[j];
                    }
                }
            }
            System.out.printf("%s: fired %.0f, constant drive says %.0f (sum |difference| %.0f), fired at drive <= 0: %.0f (%d inputs)%n",
                    c.post(), fired, predicted, absolute, silentFired, rows);
        }
        assertTrue(rows > 0);
    }

    /**
     * Each neuron's float bias rounded alone to one weight step (64 chip units; a MIXED part, as
     * conv1's bias is, has steps of 128, so this is finer than the chip's rule for it).
     */
    private static double[] nearest(Ensemble e, DiscreteBlock b) {
        double step = Math.scalb(1.0, ChipLimits.WEIGHT_SHIFT) * perUnit(b);
        return Arrays.stream(e.bias()).map(x -> Math.rint(x / step) * step).toArray();
    }

    /** Ensemble {@code name}'s bias in {@code net}, each neuron given the mean over its unit's copies (runs of equal float bias). */
    private static double[] copyMeans(Network net, String name) {
        Ensemble e = net.ensembles().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        int copies = ConvertOptions.defaults().replicaCount();
        double[] out = new double[e.n()];
        for (int u = 0; u < e.n() / copies; u++) {
            double sum = 0;
            for (int c = 0; c < copies; c++) {
                sum += e.bias()[u * copies + c];
            }
            for (int c = 0; c < copies; c++) {
                out[u * copies + c] = sum / copies;
            }
        }
        return out;
    }

    private static Network withBias(Network net, String name, double[] bias) {
        List<Ensemble> ensembles = new ArrayList<>();
        for (Ensemble e : net.ensembles()) {
            ensembles.add(e.name().equals(name) ? new Ensemble(e.name(), e.n(), e.type(), e.tauRc(), e.tauRef(), bias,
                    e.start()) : e);
        }
        return new Network(net.name(), net.inputs(), ensembles, net.connections(), net.outputs(), net.encoding(),
                net.given(), net.rateSquares());
    }

    private static double agreement(Network net, double[][] test, int[] expected) {
        int same = 0;
        for (int i = 0; i < test.length; i++) {
            // The readout over the steps after the settling ones, as the host takes it.
            double[] out = RateSimulation.run(net, test[i], STEPS);
            double[] early = RateSimulation.run(net, test[i], SETTLE);
            for (int k = 0; k < out.length; k++) {
                out[k] = out[k] * STEPS - early[k] * SETTLE;
            }
            same += ConvJetTaggerStudyTest.argmax(new double[][] {out})[0] == expected[i] ? 1 : 0;
        }
        return same / (double) test.length;
    }

    private static DiscreteBlock block(DiscreteNetwork discrete, String name) {
        return discrete.blocks().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
    }

    /** Thresholds per chip unit of block {@code b}'s inputs: 1 / (scale x the leak's input gain). */
    private static double perUnit(DiscreteBlock b) {
        return 1 / (b.scale() * (1 + (b.decayU() + 1) / (double) ChipLimits.DECAY_ONE));
    }

    /** {@code net} with every connection into {@code post} holding the discretizer's weights, in thresholds. */
    private static Network withRoundedWeights(Network net, DiscreteNetwork discrete, String post) {
        DiscreteBlock b = block(discrete, post);
        List<Connection> connections = new ArrayList<>(net.connections());
        for (int c = 0; c < connections.size(); c++) {
            Connection conn = connections.get(c);
            if (!conn.post().equals(post)) {
                continue;
            }
            double[][] w = new double[conn.weights().length][conn.weights()[0].length];
            for (DiscreteConnection dc : discrete.connections()) {
                if (dc.source() == c) {
                    addMants(w, dc, perUnit(b));
                }
            }
            connections.set(c, new Connection(conn.pre(), conn.post(), w, conn.synapseTau(), conn.quantized(),
                    conn.sharedAtoms()));
        }
        return new Network(net.name(), net.inputs(), net.ensembles(), connections, net.outputs(), net.encoding(),
                net.given(), net.rateSquares());
    }

    /** {@code net} with ensemble {@code post}'s float bias replaced by what the bias block delivers, in thresholds. */
    private static Network withRoundedBias(Network net, DiscreteNetwork discrete, String post) {
        DiscreteBlock b = block(discrete, post);
        List<Ensemble> ensembles = new ArrayList<>(net.ensembles());
        for (int k = 0; k < ensembles.size(); k++) {
            Ensemble e = ensembles.get(k);
            if (!e.name().equals(post)) {
                continue;
            }
            double[][] bias = new double[1][e.n()];
            for (DiscreteConnection dc : discrete.connections()) {
                if (dc.source() == DiscreteConnection.SYNTHESIZED && dc.post().equals(post) && !dc.pre().equals(post)) {
                    addMants(bias, dc, perUnit(b));
                }
            }
            ensembles.set(k, new Ensemble(e.name(), e.n(), e.type(), e.tauRc(), e.tauRef(), bias[0], e.start()));
        }
        return new Network(net.name(), net.inputs(), ensembles, net.connections(), net.outputs(), net.encoding(),
                net.given(), net.rateSquares());
    }

    private static void addMants(double[][] w, DiscreteConnection dc, double perUnit) {
        if (dc.isPopulation()) {
            throw new IllegalStateException("not a discrete connection: " + dc.pre() + " -> " + dc.post());
        }
        double unit = Math.scalb(1.0, ChipLimits.WEIGHT_SHIFT + dc.weightExp()) * perUnit;
        int[] mants = dc.denseMants();
        for (int i = 0; i < dc.nPre(); i++) {
            for (int j = 0; j < dc.nPost(); j++) {
                w[i][j] += mants[i * dc.nPost() + j] * unit;
            }
        }
    }
}
