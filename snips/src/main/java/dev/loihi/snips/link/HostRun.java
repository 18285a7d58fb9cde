package dev.loihi.snips.link;

import dev.loihi.snips.SnipErrors;
import dev.loihi.common.LoihiException;
import dev.loihi.proto.link.Frame;
import dev.loihi.proto.link.RunDone;
import dev.loihi.proto.link.RunMode;
import dev.loihi.proto.link.Stop;
import dev.loihi.snips.ChannelCounters;
import dev.loihi.snips.InputChannel;
import dev.loihi.snips.InputRouter;
import dev.loihi.snips.SpikeWordDescriptor;
import dev.loihi.snips.StepSpikes;
import dev.loihi.snips.wire.ErrorFrames;
import dev.loihi.snips.wire.SpikePacketsProxy;
import java.util.function.Consumer;

/**
 * One run on the host side, after RunReady: each step's host spikes are routed to chips
 * ({@link InputRouter}), cut into packets under the cap and policy ({@link InputChannel}) and
 * batched into frames ({@link SpikePacketsProxy}); what comes back is recorded
 * ({@link RunRecorder}). A precompute run sends ahead and reads whatever has come back between
 * steps; an interactive run waits for each step's output before host code picks the next input.
 */
final class HostRun implements Consumer<Frame> {
    /**
     * Output the board may produce for one input frame of a precompute run. The board applies
     * back-pressure between frames, not inside one, so this bounds what it must buffer for a
     * slow host beyond its write buffer's high water mark.
     */
    static final int OUTPUT_BYTES_PER_INPUT_FRAME = 256 * 1024;

    private final FrameExchange exchange;
    private final InputRouter router;
    private final RunSpec spec;
    private final RunMode mode;
    private final RunRecorder recorder;
    private final int sendFrameBytes;
    private final int stepsPerInputFrame;
    private boolean boardRunning = true;
    private boolean discardOutput;
    private RunDone done;
    private int hostStep;

    HostRun(FrameExchange exchange, InputRouter router, RunSpec spec, RunMode mode, RunRecorder recorder,
            int sendFrameBytes, long outputBytesPerStep) {
        this.exchange = exchange;
        this.router = router;
        this.spec = spec;
        this.mode = mode;
        this.recorder = recorder;
        this.sendFrameBytes = sendFrameBytes;
        this.stepsPerInputFrame = (int) Math.max(1, OUTPUT_BYTES_PER_INPUT_FRAME / Math.max(1, outputBytesPerStep));
    }

    /** Whether the board still runs this run (no RunDone or Error seen). */
    boolean boardRunning() {
        return boardRunning;
    }

    /**
     * Runs every step; exactly one of {@code schedule} and {@code handler} is given. A failure
     * comes out as {@link RunInterrupted}, naming the step the host was on and the last step
     * the board acknowledged.
     */
    RunResult drive(SpikeSchedule schedule, StepHandler handler) {
        try {
            return driveSteps(schedule, handler);
        } catch (LoihiException e) {
            throw RunInterrupted.of(e, hostStep, recorder.received() - 1L);
        }
    }

    private RunResult driveSteps(SpikeSchedule schedule, StepHandler handler) {
        ChannelCounters counters = new ChannelCounters();
        InputChannel channel = new InputChannel(spec.channel(), counters);
        StepSpikes spikes = new StepSpikes(router.chips());
        // a precompute run knows its spikes: room for them as routed, so the words are gathered without growing
        int expectedWords = schedule == null ? 1024 : routedWords(schedule);
        SpikePacketsProxy packets = new SpikePacketsProxy(sendFrameBytes, exchange::publish, expectedWords);
        RoutedInput input = new RoutedInput(spikes, counters);
        for (int t = 0; t < spec.steps(); t++) {
            spikes.clear();
            hostStep = t;
            input.step = t;
            if (schedule != null) {
                for (int i = schedule.start(t), end = schedule.end(t); i < end; i++) {
                    input.spike(schedule.port(i), schedule.axon(i));
                }
            } else {
                handler.onStep(t, recorder, input);
            }
            long before = counters.spikesSent();
            if (channel.offer(t, spikes, packets) == InputChannel.CAP_EXCEEDED) {
                throw channel.overflowError();
            }
            recorder.sent(t, counters.spikesSent() - before);
            if (mode == RunMode.INTERACTIVE) {
                packets.flush();
                exchange.flush();
                while (recorder.received() <= t) {
                    accept(exchange.await("ProbeBatch"));
                    if (done != null) {
                        throw new LoihiException(SnipErrors.LINK_PROTOCOL, "run ended before its steps: step=" + t
                                + ", steps=" + spec.steps() + ", peer=" + exchange.peer());
                    }
                }
            } else {
                if ((t + 1) % stepsPerInputFrame == 0) {
                    packets.flush();
                }
                Frame f;
                while ((f = exchange.poll()) != null) {
                    accept(f);
                }
            }
        }
        hostStep = spec.steps();
        packets.flush();
        exchange.flush();
        while (done == null) {
            accept(exchange.await("RunDone"));
        }
        if (recorder.received() != spec.steps() || done.getSteps() != spec.steps()) {
            throw new LoihiException(SnipErrors.LINK_PROTOCOL, "run ended before its steps: steps=" + spec.steps()
                    + ", reported=" + recorder.received() + ", boardSteps=" + done.getSteps() + ", peer=" + exchange.peer());
        }
        if (done.getSpikesIn() != counters.spikesSent()) {
            throw new LoihiException(SnipErrors.LINK_SPIKE_LOSS, "chips applied a different number of spikes than sent: sent="
                    + counters.spikesSent() + ", applied=" + done.getSpikesIn() + ", peer=" + exchange.peer());
        }
        counters.addDelivered(recorder.spikesDelivered());
        counters.addReceived(recorder.spikesReceived());
        return new RunResult(spec.steps(), recorder.traces(), counters.snapshot(), done.getWarningsList());
    }

    /** The words of the schedule's spikes once routed: each host spike once per core axon it reaches. */
    private int routedWords(SpikeSchedule schedule) {
        long spikes = 0;
        for (int i = 0, n = schedule.totalSpikes(); i < n; i++) {
            spikes += router.fanOut(schedule.port(i), schedule.axon(i));
        }
        return (int) Math.min(Integer.MAX_VALUE / 2, spikes * SpikeWordDescriptor.WORDS_PER_SPIKE);
    }

    /** Ends a run the host gave up on, so the session stays usable; a second failure rides on the first. */
    void stopQuietly(RuntimeException cause) {
        try {
            exchange.publish(Frame.newBuilder().setStop(Stop.getDefaultInstance()).build());
            exchange.flush();
            discardOutput = true;
            while (boardRunning) {
                accept(exchange.await("RunDone"));
            }
        } catch (RuntimeException e) {
            if (e != cause) {
                cause.addSuppressed(e);
            }
        }
    }

    /** A frame from the board during the run. */
    @Override
    public void accept(Frame f) {
        switch (f.getBodyCase()) {
            case PROBES -> {
                if (!discardOutput) {
                    recorder.apply(f.getProbes());
                }
            }
            case RUN_DONE -> {
                boardRunning = false;
                done = f.getRunDone();
            }
            case ERROR -> {
                boardRunning = false;
                throw ErrorFrames.toException(f.getError());
            }
            default -> throw exchange.unexpected("ProbeBatch or RunDone", f);
        }
    }

    /** Host spikes of the current step, routed to chips as they are added. */
    private final class RoutedInput implements StepInput {
        private final StepSpikes spikes;
        private final ChannelCounters counters;
        int step;

        RoutedInput(StepSpikes spikes, ChannelCounters counters) {
            this.spikes = spikes;
            this.counters = counters;
        }

        @Override
        public void spike(int port, int axon) {
            router.route(step, port, axon, spikes);
            counters.addInputSpikes(1);
        }
    }
}
