package dev.loihi.compiler.net;

import java.util.List;

/**
 * The chip-neutral float network every importer produces and the discretizer consumes.
 * {@code encoding} tells the host how to turn input values into spikes on the inputs;
 * {@code outputs} names the ensembles whose values are read back, in order.
 */
public record Network(String name, List<Input> inputs, List<Ensemble> ensembles, List<Connection> connections,
                      List<String> outputs, InputEncoding encoding) {
    public Network {
        inputs = List.copyOf(inputs);
        ensembles = List.copyOf(ensembles);
        connections = List.copyOf(connections);
        outputs = List.copyOf(outputs);
    }
}
