package dev.loihi.compiler.net;

/** How an ensemble's compartments behave on the chip. */
public enum NeuronType {
    /** Integrate-and-fire: u follows the input, v never leaks. The spiking counterpart of ReLU. */
    SPIKING_RELU,
    /** Leaky integrate-and-fire with membrane time constant tauRc and refractory period tauRef. */
    LIF,
    /** Non-spiking: v holds this step's input plus bias and is read by the host each step. */
    READOUT
}
