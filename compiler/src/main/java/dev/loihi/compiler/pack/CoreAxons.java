package dev.loihi.compiler.pack;

import dev.loihi.image.InputAxon;
import dev.loihi.image.SynapseFormat;
import java.util.List;

/**
 * The input axons of one core with, per axon, the connection and pre neuron it stands for:
 * the packer turns those into the routes and input-port targets that reach the axon.
 */
record CoreAxons(List<InputAxon> axons, List<SynapseFormat> formats, int[] sourceConnection, int[] sourcePre) {}
