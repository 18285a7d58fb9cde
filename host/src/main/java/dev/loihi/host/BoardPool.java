package dev.loihi.host;

import dev.loihi.board.BoardErrors;
import dev.loihi.common.LoihiException;
import dev.loihi.snips.SnipErrors;
import dev.loihi.snips.link.LinkOptions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The boards a run presents its inputs on: one {@code --target} or several. Inputs are spread
 * over every board's links; a board that fails part way has the inputs it held moved to the
 * others ({@link Evaluation}). The in-process emulator is named {@code emulator}.
 */
public final class BoardPool {
    /** What the in-process emulator is called when no target is given. */
    public static final String IN_PROCESS = "emulator";

    /**
     * Failures that say the board (or the way to it) is gone, not that the input or the run is
     * wrong: another board can present the same input. A bad run or a channel over its cap would
     * fail the same on every board, so those stop the run as with one board.
     */
    private static final Set<String> BOARD_FAILURES = Set.of(SnipErrors.LINK_CONNECT, SnipErrors.LINK_DISCONNECTED,
            SnipErrors.LINK_TIMEOUT, SnipErrors.LINK_PROTOCOL, SnipErrors.LINK_SPIKE_LOSS,
            BoardErrors.NATIVE_DRIVER_ERROR);

    private final List<String> targets;

    private BoardPool(List<String> targets) {
        this.targets = targets;
    }

    /** The boards {@code targets} name, in the order given; none (null or empty) is the in-process emulator. */
    public static BoardPool of(List<String> targets) {
        List<String> named = new ArrayList<>();
        if (targets != null) {
            for (String t : targets) {
                named.add(Targets.inProcess(t) ? IN_PROCESS : t);
            }
        }
        if (named.isEmpty()) {
            named.add(IN_PROCESS);
        }
        return new BoardPool(List.copyOf(named));
    }

    /** One board. */
    public static BoardPool of(String target) {
        return of(target == null ? null : List.of(target));
    }

    public List<String> targets() {
        return targets;
    }

    public int size() {
        return targets.size();
    }

    /**
     * Refuses, before anything is compiled or opened, a pool {@link Targets#open} would refuse a
     * member of, and one that names a board twice (its inputs would move onto the board that failed).
     */
    public void check(LinkOptions options) {
        Set<String> seen = new HashSet<>();
        for (String t : targets) {
            Targets.check(t, options);
            if (!seen.add(t)) {
                throw new LoihiException(HostErrors.TARGET_POOL, "the same target given twice: target=" + t
                        + ", targets=" + size());
            }
        }
    }

    /** The one target of a command that runs on one board; TARGET_POOL when several are given. */
    public String single(String what) {
        if (size() > 1) {
            throw new LoihiException(HostErrors.TARGET_POOL, what + " runs on one target: targets=" + size()
                    + ", first=" + targets.get(0));
        }
        return targets.get(0);
    }

    /** Whether some board of the pool is the in-process emulator. */
    public boolean anyInProcess() {
        return targets.stream().anyMatch(Targets::inProcess);
    }

    /** The targets as R.json names them: one as given, several joined by ", ". */
    public String describe() {
        return String.join(", ", targets);
    }

    /** Whether {@code failure} is one of a board, so that another board may present the input instead. */
    static boolean boardFailed(Throwable failure) {
        return failure instanceof LoihiException e && BOARD_FAILURES.contains(e.code());
    }
}
