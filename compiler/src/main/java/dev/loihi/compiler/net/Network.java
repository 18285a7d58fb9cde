package dev.loihi.compiler.net;

import java.util.List;
import java.util.Map;

/**
 * The chip-neutral float network every importer produces and the discretizer consumes.
 * {@code encoding} tells the host how to turn input values into spikes on the inputs;
 * {@code outputs} names the ensembles whose values are read back, in order; {@code given} holds,
 * by ensemble name, chip choices the discretizer takes as they are ({@link GivenBlock}).
 */
public record Network(String name, List<Input> inputs, List<Ensemble> ensembles, List<Connection> connections,
                      List<String> outputs, InputEncoding encoding, Map<String, GivenBlock> given) {
    public Network {
        inputs = List.copyOf(inputs);
        ensembles = List.copyOf(ensembles);
        connections = List.copyOf(connections);
        outputs = List.copyOf(outputs);
        given = Map.copyOf(given);
    }

    /** A network whose discretization is searched for every ensemble. */
    public Network(String name, List<Input> inputs, List<Ensemble> ensembles, List<Connection> connections,
                   List<String> outputs, InputEncoding encoding) {
        this(name, inputs, ensembles, connections, outputs, encoding, Map.of());
    }
}
