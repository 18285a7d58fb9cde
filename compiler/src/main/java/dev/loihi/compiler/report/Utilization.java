package dev.loihi.compiler.report;

/**
 * How full the used cores are (mean and max fraction of each per-core limit) and how much
 * traffic crosses chips.
 *
 * @param routes          core-to-core routes (output axon slots) in the image
 * @param interChipRoutes those whose source and target cores sit on different chips
 */
public record Utilization(int cores, int coresAvailable, int chipsUsed, int chipsAvailable,
                          double meanCompartments, double maxCompartments, double meanInputAxons,
                          double maxInputAxons, double meanOutputAxons, double maxOutputAxons,
                          double meanSynapseMemory, double maxSynapseMemory, long routes, long interChipRoutes) {}
