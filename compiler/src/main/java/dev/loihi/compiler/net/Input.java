package dev.loihi.compiler.net;

/** A spike source driven by the host with {@code n} axons. */
public record Input(String name, int n) {}
