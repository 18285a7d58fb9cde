package dev.loihi.cli;

import dev.loihi.compiler.nir.NirOptions;
import picocli.CommandLine.Option;

/** How a NIR graph's time constants become steps (docs/NIR.md); shared by compile, run, evaluate and inspect. */
public final class NirTimeOptions {
    @Option(names = "--dt", paramLabel = "SECONDS", defaultValue = "0.001",
            description = "NIR models: seconds of model time per chip step (default: ${DEFAULT-VALUE}).")
    double dtSeconds;

    @Option(names = "--nir-integration", paramLabel = "EXACT|EULER", defaultValue = "EXACT",
            description = "NIR models: exact exponential decay per step or forward Euler, as snnTorch and Norse step (default: ${DEFAULT-VALUE}).")
    NirOptions.Integration integration;

    public NirOptions options() {
        return new NirOptions(dtSeconds, integration);
    }
}
