package dev.loihi.snips.link;

/** What one step of an interactive run produced on its probed output ports. */
public interface StepOutput {
    /** The step these outputs belong to; -1 before the first step. */
    int step();

    /** Whether index {@code index} of output port {@code port} spiked; LINK_NOT_PROBED when the port's spikes are not read. */
    boolean spiked(int port, int index);

    /** How many indices of output port {@code port} spiked. */
    int spikeCount(int port);

    /** v of index {@code index} of output port {@code port} at the end of the step. */
    int voltage(int port, int index);
}
