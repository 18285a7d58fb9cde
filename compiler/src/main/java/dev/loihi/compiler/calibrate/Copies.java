package dev.loihi.compiler.calibrate;

import dev.loihi.compiler.convert.ConvertOptions;

/** A copy setting the search tries: staggered copies per hidden unit and axons per input sign. */
record Copies(int replicas, int inputCopies) {
    ConvertOptions applyTo(ConvertOptions options) {
        return options.withReplicas(replicas).withInputCopies(inputCopies);
    }
}
