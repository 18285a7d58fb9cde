/**
 * A bit-exact software Loihi (first generation).
 *
 * <p>{@link dev.loihi.emulator.Emulator} loads a register image (or a raw network,
 * RAW_FORMAT.md) into flat per-compartment arrays and steps every core in the order of
 * LOIHI.md: spikes sent in the previous step are added to q, q wraps at 21 bits + sign, u
 * decays and wraps at 23 bits + sign, u + bias wraps, v decays, is clipped, held at 0 while
 * refractory, and spikes when strictly above threshold. The stepping loop allocates nothing;
 * probes record spikes, voltage and current only when attached. Population axons (LOIHI.md,
 * "Population axons") share weight lists: each list's atom rows sit once in synapse memory and a
 * spike's route names its atom's row and the axon's compartment base.
 *
 * <p>Raw networks are read, checked and written by {@link dev.loihi.emulator.RawNetworkReader},
 * {@link dev.loihi.emulator.RawNetworkValidator} and {@link dev.loihi.emulator.RawNetworkWriter};
 * runs produce a {@link dev.loihi.emulator.Trace}. {@link dev.loihi.emulator.RawExporter} turns an
 * image into an equivalent raw network, and {@link dev.loihi.emulator.ReferenceStepper} is the
 * plain oracle the fast runtime is tested against. Weight scaling rules (the chip's shifter for
 * images, exact scaling for raw files) live in {@link dev.loihi.emulator.Weights}.
 */
package dev.loihi.emulator;
