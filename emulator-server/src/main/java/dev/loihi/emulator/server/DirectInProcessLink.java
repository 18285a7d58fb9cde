package dev.loihi.emulator.server;

import dev.loihi.emulator.Emulator;
import dev.loihi.emulator.Warning;
import dev.loihi.image.CoreImage;
import dev.loihi.image.Image;
import dev.loihi.image.InputPort;
import dev.loihi.snips.ChannelReport;
import dev.loihi.snips.SpikeBitsDescriptor;
import dev.loihi.snips.SpikeWordDescriptor;
import dev.loihi.snips.link.BoardInfo;
import dev.loihi.snips.link.BoardLink;
import dev.loihi.snips.link.HostSession;
import dev.loihi.snips.link.ProbeSpec;
import dev.loihi.snips.link.ProbeTrace;
import dev.loihi.snips.link.RunResult;
import dev.loihi.snips.link.RunSpec;
import dev.loihi.snips.link.SpikeSchedule;
import dev.loihi.snips.link.StepHandler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The in-process link of a run's workers: the whole protocol for everything ({@link HostSession}
 * over {@link InProcessTransport}), except a precompute run whose channel never needs more than
 * one packet per chip and step (on one chip: or splits a step under the split policy) and whose
 * schedule names no host axon twice in a step. Such a run is stepped here, on the board
 * session's own emulator, with each host spike injected as what the board would inject for it
 * ({@link StepIngress}: a whole ingress group as its one axon, anything else core axon by core
 * axon, in the order the packets would bring them), the probes read as {@link BoardRun} reads
 * them, and the channel report counted as the channel would count it; the results are those of
 * the protocol, which the host's route, packets, frames and the board's decoding cost a third of
 * a step on small networks (docs/BENCHMARKS.md, main job). Anything else (a step over the cap
 * otherwise, a repeated axon, a spike to no axon, an upload or a run in progress) goes through
 * the protocol, which fails, drops or splits exactly as over TCP.
 *
 * <p>On one chip a run that resets the state (every run of the main job) is checked step by
 * step as it is stepped ({@link OneChipSteps}), each step's host spikes handed to the emulator in
 * one call; at a step the protocol must run, the protocol runs the whole run again from the reset
 * state (it resets first, as the run asks), so the steps taken here leave no trace. Other runs
 * are checked whole before their first step.
 */
final class DirectInProcessLink implements BoardLink {
    private final HostSession session;
    private final EmulatorSession board;
    private ChannelReport directTotal = ChannelReport.EMPTY;
    private int directRuns;
    /** The injection table of the image {@link #planned} was built for. */
    private Image planned;
    private Injections injections;

    DirectInProcessLink(HostSession session, EmulatorSession board) {
        this.session = session;
        this.board = board;
    }

    @Override
    public BoardInfo connect() {
        return session.connect();
    }

    @Override
    public BoardInfo board() {
        return session.board();
    }

    @Override
    public void upload(Image image) {
        session.upload(image);
    }

    @Override
    public RunResult runPrecompute(RunSpec spec, SpikeSchedule input) {
        List<ProbeSpec> probes = session.checkPrecompute(spec, input);
        Image image = board.image();
        Emulator emulator = board.emulator();
        if (image == null || emulator == null || !board.idle()) {
            return session.runPrecompute(spec, input);
        }
        if (image != planned) {
            injections = Injections.of(image, board.ingress());
            planned = image;
        }
        ChannelReport channel = null;
        if (!injections.oneChip() || !spec.resetState()) {
            // a run that carries the state on cannot be taken back: its steps are checked before the first
            channel = injections.channel(spec, input);
            if (channel == null) {
                return session.runPrecompute(spec, input);
            }
        }
        RunResult result = run(spec, input, probes, image, emulator, channel);
        if (result == null) {
            // a step the protocol must run: it runs the whole run again, from the reset state it asks for
            return session.runPrecompute(spec, input);
        }
        directTotal = directTotal.plus(result.channel());
        directRuns++;
        return result;
    }

    /** Precompute runs stepped here rather than through the protocol (tests check which path a run took). */
    int directRuns() {
        return directRuns;
    }

    /**
     * The run stepped here; {@code channel} its report when its steps were checked before the
     * first, else (one chip, state reset) each step is checked as it is injected and null is
     * returned at the first that the protocol must run.
     */
    private RunResult run(RunSpec spec, SpikeSchedule input, List<ProbeSpec> probes, Image image, Emulator emulator,
                          ChannelReport channel) {
        if (spec.resetState()) {
            emulator.reset();
        }
        int steps = spec.steps();
        int[][] bits = new int[probes.size()][];
        int[][] voltage = new int[probes.size()][];
        int largest = 0;
        // read once, not per step and probe
        int[] ports = new int[probes.size()];
        int[] sizes = new int[probes.size()];
        for (int p = 0; p < probes.size(); p++) {
            ports[p] = probes.get(p).port();
            sizes[p] = image.outputs().get(ports[p]).size();
            int size = sizes[p];
            largest = Math.max(largest, size);
            bits[p] = probes.get(p).spikes() ? new int[Math.multiplyExact(steps, SpikeBitsDescriptor.words(size))] : null;
            voltage[p] = probes.get(p).voltage() ? new int[Math.multiplyExact(steps, size)] : null;
        }
        int[] scratch = new int[largest];
        long received = 0;
        OneChipSteps oneChip = injections.oneChip;
        injections.startRun();
        for (int t = 0; t < steps; t++) {
            if (oneChip != null) {
                if (!oneChip.step(input, t, spec.channel())) {
                    return null;
                }
                emulator.inject(0, oneChip.axons(), 0, oneChip.count());
            } else {
                injections.inject(emulator, input, t);
            }
            emulator.step();
            for (int p = 0; p < ports.length; p++) {
                int port = ports[p];
                int size = sizes[p];
                if (bits[p] != null) {
                    int n = emulator.readSpikes(port, scratch);
                    int words = SpikeBitsDescriptor.words(size);
                    int offset = t * words;
                    for (int i = 0; i < n; i++) {
                        SpikeBitsDescriptor.set(bits[p], offset, scratch[i]);
                    }
                    // counted as the host counts the bits that came back
                    for (int k = 0; k < words; k++) {
                        received += Integer.bitCount(bits[p][offset + k]);
                    }
                }
                if (voltage[p] != null) {
                    emulator.readVoltage(port, scratch);
                    System.arraycopy(scratch, 0, voltage[p], t * size, size);
                }
            }
        }
        List<ProbeTrace> traces = new ArrayList<>();
        for (int p = 0; p < probes.size(); p++) {
            int port = probes.get(p).port();
            traces.add(new ProbeTrace(port, image.outputs().get(port).name(), image.outputs().get(port).size(), steps,
                    bits[p], voltage[p]));
        }
        List<String> warnings = new ArrayList<>();
        for (Warning w : emulator.warnings()) {
            warnings.add(w.text());
        }
        if (channel == null) {
            channel = oneChip.report(steps, input);
        }
        ChannelReport c = new ChannelReport(channel.steps(), channel.inputSpikes(), channel.spikesSent(),
                channel.spikesDropped(), channel.spikesDelivered(), received, channel.packets(),
                channel.peakSpikesPerStep(), channel.multiPacketSteps(), channel.overCapSteps());
        return new RunResult(steps, traces, c, warnings);
    }

    @Override
    public RunResult runInteractive(RunSpec spec, StepHandler handler) {
        return session.runInteractive(spec, handler);
    }

    @Override
    public void reset() {
        session.reset();
    }

    @Override
    public ChannelReport statistics() {
        return session.statistics().plus(directTotal);
    }

    @Override
    public void close() {
        session.close();
    }

    /**
     * Per host axon, what the board injects for it on each chip when it arrives alone and whole
     * in a step: its ingress group's axon, or its core axons one by one (in route order, repeats
     * included); and how many chip spikes it becomes on each chip, for the channel's counts.
     */
    private static final class Injections {
        private final int chips;
        /** [port][axon * chips + chip .. + 1]: range into {@link #axons}. */
        private final int[][] start;
        /** [port][axon * chips + chip]: chip spikes the host spike becomes there. */
        private final int[][] spikes;
        /** [port][axon]: false when a target is no discrete axon the board has (the protocol refuses it). */
        private final boolean[][] direct;
        private final int[] axons;
        /** [port][axon]: the step (1-based, per run) the axon last spiked in, to tell a repeat. */
        private final int[][] lastStep;
        private final int[] perChip;
        /** On a one-chip image, its steps' host spikes as the direct path injects them; else null. */
        final OneChipSteps oneChip;

        private Injections(int chips, int[][] start, int[][] spikes, boolean[][] direct, int[] axons) {
            this.chips = chips;
            this.start = start;
            this.spikes = spikes;
            this.direct = direct;
            this.axons = axons;
            lastStep = new int[direct.length][];
            for (int p = 0; p < direct.length; p++) {
                lastStep[p] = new int[direct[p].length];
            }
            perChip = new int[chips];
            oneChip = chips == 1 ? new OneChipSteps(start, spikes, direct, axons) : null;
        }

        static Injections of(Image image, ChipIngress ingress) {
            int chips = image.chips();
            List<InputPort> ports = image.inputs();
            List<CoreImage> cores = image.cores();
            int discrete = SpikeWordDescriptor.discreteTypeWord();
            int[][] start = new int[ports.size()][];
            int[][] spikes = new int[ports.size()][];
            boolean[][] direct = new boolean[ports.size()][];
            int[] axons = new int[16];
            int n = 0;
            for (int p = 0; p < ports.size(); p++) {
                InputPort port = ports.get(p);
                int hostAxons = port.axons();
                start[p] = new int[hostAxons * chips + 1];
                spikes[p] = new int[hostAxons * chips];
                direct[p] = new boolean[hostAxons];
                for (int h = 0; h < hostAxons; h++) {
                    direct[p][h] = true;
                    for (int chip = 0; chip < chips; chip++) {
                        start[p][h * chips + chip] = n;
                        int[] entries = new int[port.targetStart()[h + 1] - port.targetStart()[h]];
                        int m = 0;
                        for (int k = port.targetStart()[h]; k < port.targetStart()[h + 1]; k++) {
                            CoreImage core = cores.get(port.targetCore()[k]);
                            if (core.chip() != chip) {
                                continue;
                            }
                            int e = ingress.entry(chip, SpikeWordDescriptor.addressWord(core.coreOnChip(),
                                    port.targetAxon()[k]), discrete);
                            direct[p][h] &= e >= 0;
                            entries[m++] = e;
                        }
                        spikes[p][h * chips + chip] = m;
                        int[] inject = injected(ingress, chip, Arrays.copyOf(entries, m));
                        if (n + inject.length > axons.length) {
                            axons = Arrays.copyOf(axons, Math.max(n + inject.length, 2 * axons.length));
                        }
                        System.arraycopy(inject, 0, axons, n, inject.length);
                        n += inject.length;
                    }
                }
                start[p][hostAxons * chips] = n;
            }
            return new Injections(chips, start, spikes, direct, Arrays.copyOf(axons, n));
        }

        /** What StepIngress injects for these entries arriving once each in a step, alone in their group. */
        private static int[] injected(ChipIngress ingress, int chip, int[] entries) {
            if (entries.length == 0 || Arrays.stream(entries).anyMatch(e -> e < 0)) {
                return new int[0];
            }
            int g = ingress.groupOf(chip, entries[0]);
            boolean distinct = Arrays.stream(entries).distinct().count() == entries.length;
            boolean whole = g >= 0 && distinct && ingress.groupSize(chip, g) == entries.length
                    && Arrays.stream(entries).allMatch(e -> ingress.groupOf(chip, e) == g);
            return whole ? new int[] {ingress.groupAxon(chip, g)} : entries;
        }

        /**
         * The channel report of {@code input} when each step fits one packet per chip (on one chip:
         * or is split) and no host axon repeats within a step (spikes received left at 0, for the
         * caller); null otherwise.
         */
        ChannelReport channel(RunSpec spec, SpikeSchedule input) {
            int cap = spec.channel().maxSpikesPerStep();
            long sent = 0;
            long peak = 0;
            int steps = spec.steps();
            startRun();
            if (chips == 1) {
                return oneChip(spec, input);
            }
            for (int t = 0; t < steps; t++) {
                Arrays.fill(perChip, 0);
                for (int i = input.start(t), end = input.end(t); i < end; i++) {
                    int p = input.port(i);
                    int h = input.axon(i);
                    if (p < 0 || p >= direct.length || h < 0 || h >= direct[p].length || !direct[p][h]
                            || lastStep[p][h] == t + 1) {
                        return null;
                    }
                    lastStep[p][h] = t + 1;
                    for (int chip = 0; chip < chips; chip++) {
                        perChip[chip] += spikes[p][h * chips + chip];
                    }
                }
                for (int chip = 0; chip < chips; chip++) {
                    if (perChip[chip] > cap) {
                        return null;
                    }
                    sent += perChip[chip];
                    peak = Math.max(peak, perChip[chip]);
                }
            }
            return new ChannelReport(steps, input.totalSpikes(), sent, 0, sent, 0, (long) steps * chips, peak, 0, 0);
        }

        boolean oneChip() {
            return chips == 1;
        }

        /** Forgets which axons spiked in which step of the run before (steps count from 1 in each run). */
        void startRun() {
            for (int[] l : lastStep) {
                Arrays.fill(l, 0);
            }
            if (oneChip != null) {
                oneChip.startRun();
            }
        }

        /**
         * {@link #channel} on a one-chip image: every step checked by {@link OneChipSteps#step} before
         * the run, for a run that carries the state on (one that resets it checks each step as it goes).
         */
        private ChannelReport oneChip(RunSpec spec, SpikeSchedule input) {
            for (int t = 0; t < spec.steps(); t++) {
                if (!oneChip.step(input, t, spec.channel())) {
                    return null;
                }
            }
            return oneChip.report(spec.steps(), input);
        }

        /** Step {@code t}'s host spikes into {@code emulator}, chip by chip, each chip's in arrival order. */
        void inject(Emulator emulator, SpikeSchedule input, int t) {
            for (int chip = 0; chip < chips; chip++) {
                for (int i = input.start(t), end = input.end(t); i < end; i++) {
                    int at = input.axon(i) * chips + chip;
                    int[] from = start[input.port(i)];
                    for (int k = from[at], to = from[at + 1]; k < to; k++) {
                        emulator.inject(chip, axons[k]);
                    }
                }
            }
        }
    }
}
