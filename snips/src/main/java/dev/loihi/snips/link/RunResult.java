package dev.loihi.snips.link;

import dev.loihi.snips.SnipErrors;
import dev.loihi.common.LoihiException;
import dev.loihi.snips.ChannelReport;
import java.util.List;

/**
 * What a run produced: the probes' traces in probe order, the snip channel report, and the
 * board's warnings (register wrap-arounds) at the end of the run.
 */
public record RunResult(int steps, List<ProbeTrace> probes, ChannelReport channel, List<String> warnings) {
    public RunResult {
        probes = List.copyOf(probes);
        warnings = List.copyOf(warnings);
    }

    /** The trace of output port {@code port}; LINK_NOT_PROBED when the run did not read it. */
    public ProbeTrace probe(int port) {
        for (ProbeTrace t : probes) {
            if (t.port() == port) {
                return t;
            }
        }
        throw new LoihiException(SnipErrors.LINK_NOT_PROBED, "output port not probed in this run: port=" + port);
    }

    public ProbeTrace probe(String name) {
        for (ProbeTrace t : probes) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new LoihiException(SnipErrors.LINK_NOT_PROBED, "output port not probed in this run: name=" + name);
    }
}
