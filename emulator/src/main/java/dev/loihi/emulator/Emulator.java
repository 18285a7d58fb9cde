package dev.loihi.emulator;

import dev.loihi.common.LoihiException;
import dev.loihi.image.Image;
import dev.loihi.image.OutputPort;
import java.util.ArrayList;
import java.util.Arrays;
import java.lang.ref.Cleaner;
import java.nio.IntBuffer;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A bit-exact software Loihi running a register image (or a raw network) one time step at a
 * time, with the host's view of it: input ports to inject spikes into, output ports to read
 * spikes and voltages from, and probes for everything else. Not thread-safe; one thread drives
 * an emulator. Emulators made by one {@link LoadedNetwork} share its arrays and may run on
 * different threads.
 *
 * <p>Timing follows LOIHI.md: a spike sent during step t, by a compartment or injected by the
 * host before calling {@link #step()} for step t, is added to q at step t + 1.
 */
public final class Emulator {
    private final NetworkRuntime rt;
    private Probes[] probes = new Probes[0];

    Emulator(NetworkRuntime rt) {
        this.rt = rt;
        StepTeam team = rt.team();
        if (team != null) {
            // the action holds the team, not this emulator, or the emulator would stay reachable
            Threads.CLEANER.register(this, team::stop);
        }
    }

    /** Ends the stepping threads of emulators no longer reachable; its own thread starts with the first such emulator. */
    private static final class Threads {
        static final Cleaner CLEANER = Cleaner.create();
    }

    /** Threads that step this emulator's network: its caller's and those of its own (see {@link LoadedNetwork#newEmulator(int)}). */
    public int steppingThreads() {
        return rt.threads();
    }

    /** Wall time the calling thread has waited for the other stepping threads, over every step so far (0 on one thread). */
    long barrierWaitNanos() {
        StepTeam team = rt.team();
        return team == null ? 0 : team.waitNanos();
    }

    /** Times a stepping thread has parked while it waited for the others, over every step so far (0 on one thread). */
    long barrierParks() {
        StepTeam team = rt.team();
        return team == null ? 0 : team.parks();
    }

    /**
     * How this JVM's emulators add dense synapse blocks: "vector (N-bit)" where the JVM was
     * started with {@code --add-modules jdk.incubator.vector} (launcher: {@code LOIHI_VECTOR=1})
     * and its vectors hold 8 ints or more, else "native" where the native kernel loaded (the
     * default on Linux amd64 when gcc built the jar; {@code -Dloihi.emulator.native=false} turns
     * it off), else "scalar". All give the same sums.
     */
    public static String denseAdds() {
        return NativeAdds.AVAILABLE && !VectorAdds.ENABLED ? "native" : VectorAdds.describe();
    }

    /** Loads an image from its registers alone; an image no chip could hold fails as in {@code ImageValidator}. */
    public static Emulator load(Image image) {
        return LoadedNetwork.of(image).newEmulator();
    }

    /** Loads a raw network: each block one core and one SPIKES output port, each input one input port. */
    public static Emulator load(RawNetwork raw) {
        return LoadedNetwork.of(raw).newEmulator();
    }

    /** Runs a raw network for its steps with its input spikes and returns the full trace. */
    public static Trace runRaw(RawNetwork raw) {
        return load(raw).runTrace(raw.steps(), schedule(raw));
    }

    /** A raw network's input spikes, by step. */
    static InputSpikesByStep schedule(RawNetwork raw) {
        List<int[][]> times = new ArrayList<>();
        for (RawInput in : raw.inputs()) {
            times.add(in.spikeTimes());
        }
        return new InputSpikesByStep(raw.steps(), times);
    }

    /**
     * Runs an image for {@code steps} steps, sending {@code inputSpikeTimes.get(port)[axon]}
     * (1-based steps) on the named input ports, and returns the trace of every core, with blocks
     * named as {@link RawExporter} names them.
     */
    public static Trace runImage(Image image, Map<String, int[][]> inputSpikeTimes, int steps) {
        Emulator emulator = load(image);
        List<RawInput> inputs = RawExporter.inputs(image, inputSpikeTimes, steps);
        List<int[][]> times = new ArrayList<>();
        for (RawInput in : inputs) {
            times.add(in.spikeTimes());
        }
        return emulator.runTrace(steps, new InputSpikesByStep(steps, times));
    }

    /** Runs {@code steps} steps from the current state with {@code schedule}'s spikes; the trace of every core. */
    Trace runTrace(int steps, InputSpikesByStep schedule) {
        Probes all = probe(ProbeTarget.all(), EnumSet.allOf(ProbeKind.class), steps);
        for (int t = 1; t <= steps; t++) {
            schedule.inject(this, t);
            step();
        }
        all.close();
        int[][] spikes = all.spikeSteps();
        int[][] voltage = all.voltages();
        int[][] current = all.currents();
        Map<String, BlockTrace> blocks = new LinkedHashMap<>();
        for (int c = 0; c < rt.coreCount(); c++) {
            int from = rt.layout.coreStart()[c];
            int to = rt.layout.coreStart()[c + 1];
            blocks.put(rt.layout.coreNames()[c], new BlockTrace(Arrays.copyOfRange(spikes, from, to),
                    Arrays.copyOfRange(voltage, from, to), Arrays.copyOfRange(current, from, to)));
        }
        return new Trace(steps, warnings(), blocks);
    }

    /** Zeroes all state, pending spikes and warnings; the step count restarts at 0 and attached probes are cleared. */
    public void reset() {
        rt.reset();
        for (Probes p : probes) {
            p.clear();
        }
    }

    /** A host spike on {@code axon} of {@code inputPort}, sent in the coming step (reaches q one step later). */
    public void inject(int inputPort, int axon) {
        checkAxon(inputPort, rt.layout.inputAxons()[checkInput(inputPort)], axon);
        rt.inject(inputPort, axon);
    }

    private static void checkAxon(int inputPort, int axons, int axon) {
        if (axon < 0 || axon >= axons) {
            throw new LoihiException(EmulatorErrors.EMULATOR_NO_SUCH_PORT, "no such input axon: port=" + inputPort
                    + ", axon=" + axon + ", axons=" + axons);
        }
    }

    /**
     * Host spikes on {@code axons[from..to)} of {@code inputPort}, in that order, sent in the coming
     * step: what {@link #inject(int, int)} does for each, with the port checked once (a step's
     * spikes in one call). If any axon is out of range none is injected.
     */
    public void inject(int inputPort, int[] axons, int from, int to) {
        int size = rt.layout.inputAxons()[checkInput(inputPort)];
        // one pass without a branch: the sign bit is set when some axon is below 0 or at size or above
        int outside = 0;
        for (int k = from; k < to; k++) {
            outside |= axons[k] | (size - 1 - axons[k]);
        }
        if (outside < 0) {
            for (int k = from; k < to; k++) {
                checkAxon(inputPort, size, axons[k]);
            }
        }
        rt.inject(inputPort, axons, from, to);
    }

    /** One time step of every core (LOIHI.md, "one time step of a core"). */
    public void step() {
        rt.step();
        Probes[] attached = probes;
        for (Probes p : attached) {
            p.record(rt);
        }
    }

    /** Runs {@code steps} steps without host input. */
    public void run(int steps) {
        for (int t = 0; t < steps; t++) {
            step();
        }
    }

    public long stepCount() {
        return rt.stepCount;
    }

    public int inputPortCount() {
        return rt.layout.inputNames().length;
    }

    public String inputPortName(int port) {
        return rt.layout.inputNames()[checkInput(port)];
    }

    public int inputPortSize(int port) {
        return rt.layout.inputAxons()[checkInput(port)];
    }

    /** Index of the input port named {@code name}, or -1. */
    public int inputPortIndex(String name) {
        return Arrays.asList(rt.layout.inputNames()).indexOf(name);
    }

    public int outputPortCount() {
        return rt.layout.outputNames().length;
    }

    public int outputSize(int port) {
        return rt.layout.outputCompartments()[checkOutput(port)].length;
    }

    public String outputPortName(int port) {
        return rt.layout.outputNames()[checkOutput(port)];
    }

    public OutputPort.Kind outputPortKind(int port) {
        return rt.layout.outputKinds()[checkOutput(port)];
    }

    /** Index of the output port named {@code name}, or -1. */
    public int outputPortIndex(String name) {
        return Arrays.asList(rt.layout.outputNames()).indexOf(name);
    }

    /**
     * Writes the indices (within the port) of the port's compartments that spiked in the last
     * step to {@code outIndices}, ascending, and returns how many. {@code outIndices} must hold
     * {@link #outputSize} entries.
     */
    public int readSpikes(int outputPort, int[] outIndices) {
        int[] members = rt.layout.outputCompartments()[checkOutput(outputPort)];
        requireLength(outIndices, members.length);
        IntBuffer flags = rt.flagState();
        int count = 0;
        for (int k = 0; k < members.length; k++) {
            if ((flags.get(members[k]) & NetworkRuntime.SPIKED) != 0) {
                outIndices[count++] = k;
            }
        }
        return count;
    }

    /** v at the end of the last step for each compartment of the port. */
    public void readVoltage(int outputPort, int[] out) {
        gather(rt.vState(), outputPort, out);
    }

    /** u at the end of the last step for each compartment of the port. */
    public void readCurrent(int outputPort, int[] out) {
        gather(rt.uState(), outputPort, out);
    }

    private void gather(IntBuffer state, int outputPort, int[] out) {
        int[] members = rt.layout.outputCompartments()[checkOutput(outputPort)];
        requireLength(out, members.length);
        for (int k = 0; k < members.length; k++) {
            out[k] = state.get(members[k]);
        }
    }

    /** Which kinds of wrap-around happened since load or the last reset. */
    public Set<Warning> warnings() {
        EnumSet<Warning> w = EnumSet.noneOf(Warning.class);
        if (rt.qWrapped) {
            w.add(Warning.Q);
        }
        if (rt.uWrapped) {
            w.add(Warning.U);
        }
        if (rt.u2Wrapped) {
            w.add(Warning.U_BIAS);
        }
        return Collections.unmodifiableSet(w);
    }

    public int coreCount() {
        return rt.coreCount();
    }

    /** The core's name: the block name for raw networks, {@code c<index>_<layer>} for images. */
    public String coreName(int core) {
        return rt.layout.coreNames()[checkCore(core)];
    }

    /** Compartments of every core. */
    public int compartmentCount() {
        return rt.compartmentCount();
    }

    public int compartmentCount(int core) {
        checkCore(core);
        return rt.layout.coreStart()[core + 1] - rt.layout.coreStart()[core];
    }

    /** Bytes held by the network's arrays: registers, synapses, routes, state and spike buffers. */
    public long memoryBytes() {
        return rt.memoryBytes();
    }

    /** Bytes of the state that changes while stepping (q, u, v, refractory counters, spike flags and queues). */
    public long stateBytes() {
        return rt.stateBytes();
    }

    /** Starts recording {@code kinds} for {@code target} from the next step. */
    public Probes probe(ProbeTarget target, Set<ProbeKind> kinds) {
        return probe(target, kinds, 64);
    }

    /** As {@link #probe(ProbeTarget, Set)}, with buffers sized for {@code expectedSteps} steps. */
    public Probes probe(ProbeTarget target, Set<ProbeKind> kinds, int expectedSteps) {
        ProbeTarget.Resolved r = target.resolve(rt.layout);
        Probes p = new Probes(this, r.cores(), r.compartments(), r.global(), r.indexOf(), kinds,
                (int) rt.stepCount + 1, expectedSteps);
        Probes[] grown = Arrays.copyOf(probes, probes.length + 1);
        grown[probes.length] = p;
        probes = grown;
        return p;
    }

    void detach(Probes p) {
        List<Probes> kept = new ArrayList<>(Arrays.asList(probes));
        kept.remove(p);
        probes = kept.toArray(new Probes[0]);
    }

    private int checkInput(int port) {
        if (port < 0 || port >= rt.layout.inputNames().length) {
            throw new LoihiException(EmulatorErrors.EMULATOR_NO_SUCH_PORT, "no such input port: port=" + port
                    + ", ports=" + rt.layout.inputNames().length);
        }
        return port;
    }

    private int checkOutput(int port) {
        if (port < 0 || port >= rt.layout.outputNames().length) {
            throw new LoihiException(EmulatorErrors.EMULATOR_NO_SUCH_PORT, "no such output port: port=" + port
                    + ", ports=" + rt.layout.outputNames().length);
        }
        return port;
    }

    private int checkCore(int core) {
        if (core < 0 || core >= rt.coreCount()) {
            throw new LoihiException(EmulatorErrors.EMULATOR_NO_SUCH_PORT, "no such core: core=" + core
                    + ", cores=" + rt.coreCount());
        }
        return core;
    }

    private static void requireLength(int[] out, int needed) {
        if (out.length < needed) {
            throw new IllegalArgumentException("output array too short: length=" + out.length + ", needed=" + needed);
        }
    }
}
