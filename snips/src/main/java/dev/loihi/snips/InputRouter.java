package dev.loihi.snips;

import dev.loihi.common.LoihiException;
import dev.loihi.image.ChipLimits;
import dev.loihi.image.CoreImage;
import dev.loihi.image.Image;
import dev.loihi.image.InputPort;
import java.util.List;

/**
 * Turns a host spike on an input port axon into the chip-level spikes the snip channels carry:
 * one spike word pair per target (core, axon) of that port axon, on the channel of the target's
 * chip. The host resolves this fan-out, as nengo-loihi's host does, so the channel counts (and
 * caps) what the chips actually receive.
 */
public final class InputRouter {
    private final String[] portNames;
    private final int[][] targetStart;
    private final int[][] targetChip;
    private final int[][] targetWord;
    private final int chips;
    private static final int DISCRETE = SpikeWordDescriptor.discreteTypeWord();

    public InputRouter(Image image) {
        List<InputPort> inputs = image.inputs();
        List<CoreImage> cores = image.cores();
        chips = image.chips();
        portNames = new String[inputs.size()];
        targetStart = new int[inputs.size()][];
        targetChip = new int[inputs.size()][];
        targetWord = new int[inputs.size()][];
        for (int p = 0; p < inputs.size(); p++) {
            InputPort port = inputs.get(p);
            portNames[p] = port.name();
            targetStart[p] = port.targetStart().clone();
            int n = port.targetCore().length;
            targetChip[p] = new int[n];
            targetWord[p] = new int[n];
            for (int i = 0; i < n; i++) {
                int core = port.targetCore()[i];
                int axon = port.targetAxon()[i];
                if (core < 0 || core >= cores.size()) {
                    throw badRoute(port, i, "core=" + core + ", cores=" + cores.size());
                }
                CoreImage c = cores.get(core);
                if (axon < 0 || axon >= c.inputAxons().size()) {
                    throw badRoute(port, i, "core=" + core + ", axon=" + axon + ", axons=" + c.inputAxons().size());
                }
                if (c.chip() < 0 || c.chip() >= chips || c.coreOnChip() < 0
                        || c.coreOnChip() >= ChipLimits.CORES_PER_CHIP) {
                    throw badRoute(port, i, "core=" + core + ", chip=" + c.chip() + ", coreOnChip=" + c.coreOnChip()
                            + ", chips=" + chips);
                }
                targetChip[p][i] = c.chip();
                targetWord[p][i] = SpikeWordDescriptor.addressWord(c.coreOnChip(), axon);
            }
        }
    }

    public int chips() {
        return chips;
    }

    public int ports() {
        return portNames.length;
    }

    /** Axons of input port {@code port}. */
    public int axons(int port) {
        return targetStart[port].length - 1;
    }

    /**
     * Adds the chip-level spikes of a host spike on {@code axon} of {@code port} to
     * {@code out} and returns how many; SNIP_BAD_INPUT when the port or axon does not exist.
     */
    public int route(int step, int port, int axon, StepSpikes out) {
        if (port < 0 || port >= targetStart.length) {
            throw badInput(step, port, axon);
        }
        int[] start = targetStart[port];
        if (axon < 0 || axon >= start.length - 1) {
            throw badInput(step, port, axon);
        }
        int from = start[axon];
        int to = start[axon + 1];
        int[] chip = targetChip[port];
        int[] word = targetWord[port];
        for (int i = from; i < to; i++) {
            out.add(chip[i], word[i], DISCRETE);
        }
        return to - from;
    }

    /** The chip-level spikes a host spike on {@code axon} of {@code port} becomes; 0 for one that does not exist. */
    public int fanOut(int port, int axon) {
        if (port < 0 || port >= targetStart.length || axon < 0 || axon >= targetStart[port].length - 1) {
            return 0;
        }
        return targetStart[port][axon + 1] - targetStart[port][axon];
    }

    /** Kept out of {@link #route} so the hot method stays small enough to inline. */
    private LoihiException badInput(int step, int port, int axon) {
        return new LoihiException(SnipErrors.SNIP_BAD_INPUT, "host spike on a missing input: step=" + step
                + ", port=" + port + (port >= 0 && port < portNames.length
                ? ", name=" + portNames[port] + ", axon=" + axon + ", axons=" + axons(port)
                : ", ports=" + portNames.length));
    }

    private static LoihiException badRoute(InputPort port, int target, String detail) {
        return new LoihiException(SnipErrors.SNIP_BAD_ROUTE, "input port routes to a missing axon: port=" + port.name()
                + ", target=" + target + ", " + detail);
    }
}
