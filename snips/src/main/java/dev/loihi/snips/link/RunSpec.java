package dev.loihi.snips.link;

import dev.loihi.snips.SnipErrors;
import dev.loihi.common.LoihiException;
import dev.loihi.image.Image;
import dev.loihi.snips.ChannelConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * One run: how many steps, the snip channel's cap and policy, which output ports to read, and
 * whether the chips start from zero state.
 *
 * @param probes empty means every output port of the image, read by its kind
 */
public record RunSpec(int steps, ChannelConfig channel, List<ProbeSpec> probes, boolean resetState) {
    public RunSpec {
        if (steps < 1) {
            throw new LoihiException(SnipErrors.LINK_BAD_RUN, "run needs at least one step: steps=" + steps);
        }
        if (channel == null) {
            throw new LoihiException(SnipErrors.LINK_BAD_RUN, "run without a channel config: steps=" + steps);
        }
        probes = List.copyOf(probes);
    }

    /** {@code steps} steps from zero state, every output port probed by its kind. */
    public static RunSpec of(int steps, ChannelConfig channel) {
        return new RunSpec(steps, channel, List.of(), true);
    }

    public RunSpec withProbes(List<ProbeSpec> list) {
        return new RunSpec(steps, channel, list, resetState);
    }

    /** With {@code false}, the run continues from the state the last run left. */
    public RunSpec withResetState(boolean reset) {
        return new RunSpec(steps, channel, probes, reset);
    }

    public RunSpec withChannel(ChannelConfig config) {
        return new RunSpec(steps, config, probes, resetState);
    }

    /** The probes this run reads from {@code image}; LINK_BAD_RUN when one names a missing port or a port twice. */
    public List<ProbeSpec> resolveProbes(Image image) {
        int ports = image.outputs().size();
        if (probes.isEmpty()) {
            List<ProbeSpec> all = new ArrayList<>();
            for (int p = 0; p < ports; p++) {
                all.add(ProbeSpec.byKind(p, image.outputs().get(p).kind()));
            }
            return all;
        }
        boolean[] probed = new boolean[ports];
        for (ProbeSpec p : probes) {
            if (p.port() < 0 || p.port() >= ports) {
                throw new LoihiException(SnipErrors.LINK_BAD_RUN, "probe of a missing output port: port=" + p.port()
                        + ", ports=" + ports);
            }
            if (probed[p.port()]) {
                throw new LoihiException(SnipErrors.LINK_BAD_RUN, "output port probed twice: port=" + p.port()
                        + ", ports=" + ports);
            }
            probed[p.port()] = true;
        }
        return probes;
    }
}
