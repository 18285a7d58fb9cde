package dev.loihi.compiler.net;

/** How an ensemble's compartments behave on the chip. */
public enum NeuronType {
    /** Integrate-and-fire: u follows the input, v never leaks, a spike resets v to 0. */
    SPIKING_RELU,
    /** Leaky integrate-and-fire with membrane time constant tauRc and refractory period tauRef. */
    LIF,
    /** Non-spiking: v holds this step's input plus bias and is read by the host each step. */
    READOUT,
    /**
     * Integrate-and-fire with reset by subtraction, the rate counterpart of ReLU without the
     * reset loss: the neuron sums its input and bias every step, starting from 1/2; it spikes
     * when the sum exceeds 1 and a spike subtracts 1, so T steps of constant drive d in [0, 1]
     * give round(T d) spikes. To keep the sum inside the chip's current register the
     * discretizer may add a leak of a small power of two per step, which it reports.
     */
    SUBTRACTIVE_RELU,
    /**
     * Spikes every step from the first: a constant source. It takes no input and no bias. The
     * discretizer adds one to carry the bias of SUBTRACTIVE_RELU ensembles into their sums.
     */
    ALWAYS_ON,
    /**
     * A neuron as NIR defines its LIF, CubaLIF, IF and Threshold nodes: u filters the input with
     * the synapse tau (or follows it), v leaks with tauRc (infinite: no leak, as IF; 0: cleared
     * every step, as Threshold), a spike when v exceeds 1 resets v to 0, with no refractory
     * period and no floor at 0: v may go as far below 0 as the chip's voltage register allows.
     */
    CUBA_LIF
}
