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
 * discretizer's integers read back as thresholds (chip units / scale / the leak's input gain).
 * {@code -Dloihi.jet.study=DIR} (jet_cal.npy, jet_test.npy), optional
 * {@code -Dloihi.jet.study.rows=N} (300) and {@code -Dloihi.jet.study.percentile=P} (99.99).
 */
class ConvJetTaggerRoundingStudyTest {
    private static final int STEPS = 200;

    @Test
    void shouldPrintWhatEachLayersRoundingCosts() {
        String dir = System.getProperty("loihi.jet.study");
        Assumptions.assumeTrue(dir != null, "opt-in: -Dloihi.jet.study=DIR");
        Path json = Fixtures.find("keras_conv/jetTagger_Conv2D_Small_NoBatchNorm.json").orElseThrow();
        Path weights = Fixtures.find("keras_conv/jetTagger_Conv2D_Small_NoBatchNorm_weights.h5").orElseThrow();
        AnnModel model = KerasImporter.load(json, weights);
        double[][] cal = NpyReader.read(Path.of(dir, "jet_cal.npy")).toMatrix();
        double[][] test = NpyReader.read(Path.of(dir, "jet_test.npy")).toMatrix();
        test = Arrays.copyOf(test, Math.min(test.length, Integer.getInteger("loihi.jet.study.rows", 300)));
        double percentile = Double.parseDouble(System.getProperty("loihi.jet.study.percentile", "99.99"));
        int[] expected = ConvJetTaggerStudyTest.argmax(FloatModel.predict(model, test));

        Network net = AnnToSnn.convert(model, ConvertOptions.defaults().withCalibration(cal).withPercentile(percentile));
        DiscreteNetwork discrete = new Discretizer(new Diagnostics()).discretize(net);
        System.out.printf("float network: %.3f%n", agreement(net, test, expected));
        List<Network> allRounded = new ArrayList<>();
        Network all = net;
        for (Ensemble e : net.ensembles()) {
            if (e.type() != NeuronType.SUBTRACTIVE_RELU) {
                continue;
            }
            Network w = withRoundedWeights(net, discrete, e.name());
            Network b = withRoundedBias(net, discrete, e.name());
            System.out.printf("%s: rounded weights %.3f, rounded bias %.3f%n", e.name(),
                    agreement(w, test, expected), agreement(b, test, expected));
            all = withRoundedBias(withRoundedWeights(all, discrete, e.name()), discrete, e.name());
            allRounded.add(all);
        }
        System.out.printf("every hidden layer's weights and bias rounded: %.3f%n", agreement(all, test, expected));
        assertTrue(!allRounded.isEmpty());
    }

    private static double agreement(Network net, double[][] test, int[] expected) {
        int same = 0;
        for (int i = 0; i < test.length; i++) {
            double[] out = RateSimulation.run(net, test[i], STEPS);
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
        if (dc.mants() == null) {
            throw new IllegalStateException("not a matrix connection: " + dc.pre() + " -> " + dc.post());
        }
        double unit = Math.scalb(1.0, ChipLimits.WEIGHT_SHIFT + dc.weightExp()) * perUnit;
        for (int i = 0; i < dc.nPre(); i++) {
            for (int j = 0; j < dc.nPost(); j++) {
                w[i][j] += dc.mants()[i * dc.nPost() + j] * unit;
            }
        }
    }
}
