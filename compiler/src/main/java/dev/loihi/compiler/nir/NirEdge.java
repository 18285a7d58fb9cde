package dev.loihi.compiler.nir;

/** One edge of a NIR graph: the output of node {@code source} feeds the input of node {@code target}. */
public record NirEdge(String source, String target) {}
