package dev.loihi.compiler.discretize;

import dev.loihi.compiler.net.Connection;
import dev.loihi.compiler.net.Network;
import dev.loihi.image.ChipLimits;
import java.util.ArrayList;
import java.util.List;

/**
 * The pass after discretization that turns convolutions into shared-weight connections
 * ({@link PopulationSynapses}): a float connection that marks {@code sharedAtoms} (the adjacent
 * pre neurons of one input position: channels x copies) gets one population axon per position,
 * the position's neurons its atoms. The weight list of a position is read from the connection's
 * own rounded mantissas, per atom the posts it reaches relative to the first post the position
 * reaches (its base); positions whose lists are equal share one. The interior of a convolution
 * reaches the same pattern from every position (one list per stride phase), only the edges
 * need their own, so the lists hold a fraction of the dense expansion's synapses, and the
 * expansion of the result is the discrete matrix, exactly.
 *
 * <p>A connection stays discrete when its pre is the host input (host spikes are discrete),
 * when its atoms do not fit a population spike, or when sharing would not hold fewer synapses.
 * pop16 is chosen when the positions fit its axon field (it costs one output slot per route),
 * else pop32.
 */
public final class SharedWeights {
    private SharedWeights() {}

    public static DiscreteNetwork apply(Network network, DiscreteNetwork discrete) {
        List<DiscreteConnection> out = new ArrayList<>(discrete.connections().size());
        for (DiscreteConnection c : discrete.connections()) {
            out.add(shared(network, c));
        }
        return new DiscreteNetwork(discrete.name(), discrete.inputs(), discrete.blocks(), out, discrete.outputs(),
                discrete.encoding(), discrete.precision());
    }

    private static DiscreteConnection shared(Network network, DiscreteConnection c) {
        // The discretizer's rows are sparse; a matrix or a diagonal stays as it is.
        if (!c.isSparse() || c.synthesized() || c.fromInput()) {
            return c;
        }
        Connection source = network.connections().get(c.source());
        int atoms = source.sharedAtoms();
        if (atoms <= 0 || c.nPre() % atoms != 0 || atoms > ChipLimits.populationAtoms(PopulationSynapses.POP32)) {
            return c;
        }
        int positions = c.nPre() / atoms;
        int popType = atoms <= ChipLimits.populationAtoms(PopulationSynapses.POP16)
                && positions <= ChipLimits.populationAxons(PopulationSynapses.POP16, atoms)
                ? PopulationSynapses.POP16 : PopulationSynapses.POP32;
        PopulationSynapses population = RowSharing.of(c.sparse(), atoms, popType);
        long listSynapses = population.lists().stream().mapToLong(PopulationSynapses.WeightList::synapses).sum();
        if (listSynapses >= population.expandedSynapses()) {
            return c;
        }
        return DiscreteConnection.population(c.pre(), c.post(), c.preBlock(), c.postBlock(), c.nPre(), c.nPost(),
                c.signMode(), c.weightExp(), population, c.source());
    }
}
