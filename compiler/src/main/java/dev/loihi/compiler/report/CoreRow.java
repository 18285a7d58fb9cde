package dev.loihi.compiler.report;

/** Resource use of one core of the image, at its image index {@code core}. */
public record CoreRow(int core, int chip, int coreOnChip, String layer, int compartments, int inputAxons,
                      int outputAxons, long synapses, long synapseBits) {}
