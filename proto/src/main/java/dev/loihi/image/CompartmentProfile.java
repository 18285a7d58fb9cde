package dev.loihi.image;

/** One of a core's (at most 32) compartment profiles: decays and refractory delay. */
public record CompartmentProfile(int decayU, int decayV, int refractDelay) {}
