package dev.loihi.compiler.pack;

import dev.loihi.image.InputAxon;
import dev.loihi.image.SynapseFormat;
import dev.loihi.image.WeightList;
import java.util.List;

/**
 * The input axons and weight lists of one core with, per axon, the connection it stands for
 * and either the pre neuron ({@code sourcePre}, a discrete axon) or the pre axon whose neurons
 * send to it ({@code sourceAxon}, a population axon; -1 otherwise): the packer turns those into
 * the routes and input-port targets that reach the axon.
 */
record CoreAxons(List<InputAxon> axons, List<WeightList> lists, List<SynapseFormat> formats, int[] sourceConnection,
                 int[] sourcePre, int[] sourceAxon) {}
