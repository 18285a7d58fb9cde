package dev.loihi.emulator;

import dev.loihi.common.LoihiException;
import java.util.Arrays;

/** Which compartments a probe watches: all of them, one core, chosen compartments, or an output port. */
public final class ProbeTarget {
    enum Scope { ALL, CORE, COMPARTMENTS, OUTPUT_PORT }

    final Scope scope;
    final int index;
    final int[] compartments;

    private ProbeTarget(Scope scope, int index, int[] compartments) {
        this.scope = scope;
        this.index = index;
        this.compartments = compartments;
    }

    /** Every compartment of every core, in core order. */
    public static ProbeTarget all() {
        return new ProbeTarget(Scope.ALL, -1, new int[0]);
    }

    public static ProbeTarget core(int core) {
        return new ProbeTarget(Scope.CORE, core, new int[0]);
    }

    /** The given compartments of one core, in the order given; each at most once. */
    public static ProbeTarget compartments(int core, int... compartments) {
        return new ProbeTarget(Scope.COMPARTMENTS, core, compartments.clone());
    }

    /** The compartments of an output port, in port order. */
    public static ProbeTarget outputPort(int port) {
        return new ProbeTarget(Scope.OUTPUT_PORT, port, new int[0]);
    }

    /**
     * The watched compartments as (core, compartment) and global index, and a map from global
     * index to probe index ({@code null} for {@link #all()}, where the two are the same).
     */
    record Resolved(int[] cores, int[] compartments, int[] global, int[] indexOf) {}

    Resolved resolve(NetworkLayout layout) {
        int[] coreStart = layout.coreStart();
        int[] cores;
        int[] comps;
        switch (scope) {
            case ALL -> {
                int n = layout.compartmentCount();
                cores = new int[n];
                comps = new int[n];
                for (int c = 0; c < layout.coreCount(); c++) {
                    for (int g = coreStart[c]; g < coreStart[c + 1]; g++) {
                        cores[g] = c;
                        comps[g] = g - coreStart[c];
                    }
                }
            }
            case CORE -> {
                int n = coreSize(layout, index);
                cores = new int[n];
                Arrays.fill(cores, index);
                comps = new int[n];
                Arrays.setAll(comps, i -> i);
            }
            case COMPARTMENTS -> {
                int n = coreSize(layout, index);
                comps = compartments.clone();
                cores = new int[comps.length];
                Arrays.fill(cores, index);
                for (int c : comps) {
                    if (c < 0 || c >= n) {
                        throw new LoihiException(EmulatorErrors.EMULATOR_NO_SUCH_PORT, "no such compartment to probe: core="
                                + index + ", compartment=" + c + ", compartments=" + n);
                    }
                }
            }
            case OUTPUT_PORT -> {
                if (index < 0 || index >= layout.outputNames().length) {
                    throw new LoihiException(EmulatorErrors.EMULATOR_NO_SUCH_PORT, "no such output port to probe: port="
                            + index + ", ports=" + layout.outputNames().length);
                }
                int[] members = layout.outputCompartments()[index];
                cores = new int[members.length];
                comps = new int[members.length];
                for (int k = 0; k < members.length; k++) {
                    int c = coreOf(coreStart, members[k]);
                    cores[k] = c;
                    comps[k] = members[k] - coreStart[c];
                }
            }
            default -> throw new IllegalStateException(toString());
        }
        int[] global = new int[cores.length];
        for (int k = 0; k < global.length; k++) {
            global[k] = coreStart[cores[k]] + comps[k];
        }
        if (scope == Scope.ALL) {
            return new Resolved(cores, comps, global, null);
        }
        int[] indexOf = new int[layout.compartmentCount()];
        Arrays.fill(indexOf, -1);
        for (int k = 0; k < global.length; k++) {
            if (indexOf[global[k]] >= 0) {
                throw new LoihiException(EmulatorErrors.EMULATOR_NO_SUCH_PORT, "compartment probed twice: core=" + cores[k]
                        + ", compartment=" + comps[k]);
            }
            indexOf[global[k]] = k;
        }
        return new Resolved(cores, comps, global, indexOf);
    }

    private static int coreSize(NetworkLayout layout, int core) {
        if (core < 0 || core >= layout.coreCount()) {
            throw new LoihiException(EmulatorErrors.EMULATOR_NO_SUCH_PORT, "no such core to probe: core=" + core
                    + ", cores=" + layout.coreCount());
        }
        return layout.coreStart()[core + 1] - layout.coreStart()[core];
    }

    /** The core holding global compartment {@code g}: the one with coreStart[c] <= g < coreStart[c+1]. */
    private static int coreOf(int[] coreStart, int g) {
        int lo = 0;
        int hi = coreStart.length - 2;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (coreStart[mid] <= g) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    @Override
    public String toString() {
        return "ProbeTarget[" + scope + (index >= 0 ? " " + index : "")
                + (compartments.length > 0 ? " " + Arrays.toString(compartments) : "") + "]";
    }
}
