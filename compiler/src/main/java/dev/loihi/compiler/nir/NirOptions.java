package dev.loihi.compiler.nir;

import dev.loihi.compiler.CompilerErrors;
import dev.loihi.common.LoihiException;

/**
 * How a NIR graph's continuous-time neurons become steps.
 *
 * @param dtSeconds   the length of one chip step in the graph's time (NIR's taus are in seconds)
 * @param integration EXACT: per step a quantity keeps exp(-dt/tau) of itself and takes the rest of
 *                    its target, the exact solution of NIR's equations for input held over the
 *                    step; EULER: it keeps 1 - dt/tau, the forward-Euler step that snnTorch,
 *                    Norse and Lava's NIR readers take (needs dt <= tau)
 */
public record NirOptions(double dtSeconds, Integration integration) {
    public static final double DEFAULT_DT_SECONDS = 0.001;

    public enum Integration { EXACT, EULER }

    public NirOptions {
        if (!(dtSeconds > 0) || !Double.isFinite(dtSeconds)) {
            throw new LoihiException(CompilerErrors.OPTIONS_INVALID, "NIR time step must be a positive number of seconds: key=dt, value="
                    + dtSeconds);
        }
        if (integration == null) {
            throw new LoihiException(CompilerErrors.OPTIONS_INVALID, "NIR integration not given: key=integration, allowed=EXACT,EULER");
        }
    }

    public static NirOptions defaults() {
        return new NirOptions(DEFAULT_DT_SECONDS, Integration.EXACT);
    }

    /**
     * What a quantity with time constant {@code tauSeconds} keeps of itself per step; 0 when it
     * is cleared every step, 1 for an infinite tau.
     */
    public double retention(double tauSeconds) {
        if (tauSeconds == Double.POSITIVE_INFINITY) {
            return 1;
        }
        return integration == Integration.EXACT ? Math.exp(-dtSeconds / tauSeconds) : 1 - dtSeconds / tauSeconds;
    }
}
