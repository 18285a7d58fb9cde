package dev.loihi.snips.link;

/** Host spikes for the step an interactive run is about to send. */
public interface StepInput {
    /** A spike on {@code axon} of input port {@code port}; SNIP_BAD_INPUT when either is missing. */
    void spike(int port, int axon);
}
