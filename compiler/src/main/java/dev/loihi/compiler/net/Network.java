package dev.loihi.compiler.net;

import java.util.List;
import java.util.Map;

/**
 * The chip-neutral float network every importer produces and the discretizer consumes.
 * {@code encoding} tells the host how to turn input values into spikes on the inputs;
 * {@code outputs} names the ensembles whose values are read back, in order; {@code given} holds,
 * by ensemble name, chip choices the discretizer takes as they are ({@link GivenBlock});
 * {@code rateSquares} holds, by input or ensemble name, the mean over its neurons of the squared
 * spike rate (spikes per step) measured on calibration inputs, which the discretizer weighs
 * rounding with when it picks a leak; a name not in it counts as firing every step.
 * {@code meanRates} holds, by input or ensemble name, each neuron's mean rate on the calibration
 * inputs, from which the discretizer takes the mean error of a block's rounded weights off its
 * bias; a name not in it is not corrected.
 */
public record Network(String name, List<Input> inputs, List<Ensemble> ensembles, List<Connection> connections,
                      List<String> outputs, InputEncoding encoding, Map<String, GivenBlock> given,
                      Map<String, Double> rateSquares, Map<String, double[]> meanRates) {
    public Network {
        inputs = List.copyOf(inputs);
        ensembles = List.copyOf(ensembles);
        connections = List.copyOf(connections);
        outputs = List.copyOf(outputs);
        given = Map.copyOf(given);
        rateSquares = Map.copyOf(rateSquares);
        meanRates = Map.copyOf(meanRates);
    }

    /** A network with no measured mean rates per neuron. */
    public Network(String name, List<Input> inputs, List<Ensemble> ensembles, List<Connection> connections,
                   List<String> outputs, InputEncoding encoding, Map<String, GivenBlock> given,
                   Map<String, Double> rateSquares) {
        this(name, inputs, ensembles, connections, outputs, encoding, given, rateSquares, Map.of());
    }

    /** Per neuron of the input or ensemble {@code name}, its mean rate on the calibration inputs, or null. */
    public double[] meanRate(String name) {
        return meanRates.get(name);
    }

    /** A network with no measured rates. */
    public Network(String name, List<Input> inputs, List<Ensemble> ensembles, List<Connection> connections,
                   List<String> outputs, InputEncoding encoding, Map<String, GivenBlock> given) {
        this(name, inputs, ensembles, connections, outputs, encoding, given, Map.of());
    }

    /** The mean squared rate of the input or ensemble {@code name}: measured, else 1 (every step). */
    public double rateSquare(String name) {
        return rateSquares.getOrDefault(name, 1.0);
    }

    /** A network whose discretization is searched for every ensemble. */
    public Network(String name, List<Input> inputs, List<Ensemble> ensembles, List<Connection> connections,
                   List<String> outputs, InputEncoding encoding) {
        this(name, inputs, ensembles, connections, outputs, encoding, Map.of());
    }
}
