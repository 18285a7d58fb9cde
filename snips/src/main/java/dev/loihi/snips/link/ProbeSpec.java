package dev.loihi.snips.link;

import dev.loihi.snips.SnipErrors;
import dev.loihi.common.LoihiException;
import dev.loihi.image.OutputPort;

/** One output port a run reads each step: its spike bits, its voltages, or both. */
public record ProbeSpec(int port, boolean spikes, boolean voltage) {
    public ProbeSpec {
        if (!spikes && !voltage) {
            throw new LoihiException(SnipErrors.LINK_BAD_RUN, "probe reads nothing: port=" + port);
        }
    }

    /** What the port is for: spike bits of a SPIKES port, voltages of a VOLTAGE port. */
    public static ProbeSpec byKind(int port, OutputPort.Kind kind) {
        return new ProbeSpec(port, kind == OutputPort.Kind.SPIKES, kind == OutputPort.Kind.VOLTAGE);
    }
}
