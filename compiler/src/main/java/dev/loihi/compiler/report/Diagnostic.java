package dev.loihi.compiler.report;

/**
 * A warning one pass reported: a stable {@code code} (tests and tools match on it), the layer
 * it concerns and a one-line {@code message} in the form {@code what: key=value, ...}.
 * Errors are never Diagnostics; they are thrown as {@link dev.loihi.common.LoihiException}.
 */
public record Diagnostic(String code, String layer, String message) {}
