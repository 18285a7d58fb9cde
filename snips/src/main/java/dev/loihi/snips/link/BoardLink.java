package dev.loihi.snips.link;

import dev.loihi.image.Image;
import dev.loihi.snips.ChannelReport;

/**
 * The host's connection to one board, whatever carries it: in process to the emulator, over
 * TCP to an emulator server or a board's host, or through a native driver. Every
 * implementation moves spikes through the same snip channel code, so caps and overflow
 * policies behave identically, and one conformance suite runs against all of them.
 *
 * <p>Calls are synchronous and used by one thread. Every wait is bounded by the link's
 * timeouts: a silent or vanished board is a {@link dev.loihi.common.LoihiException}
 * (LINK_TIMEOUT, LINK_DISCONNECTED), never a hang. After either, the session's state is
 * unknown: every later call fails with LINK_STATE until the link is closed and a new one made.
 */
public interface BoardLink extends AutoCloseable {
    /** Says hello, checks the protocol version both ways, and returns what the board is. */
    BoardInfo connect();

    /** What {@link #connect()} returned; LINK_STATE before it. */
    BoardInfo board();

    /** Sends a register image (chunked, checksummed, acknowledged) and waits until the board has loaded it. */
    void upload(Image image);

    /**
     * Runs with all host spikes known ahead: input packets stream to the board while outputs
     * stream back. {@code input} must cover at least {@code spec.steps()} steps.
     */
    RunResult runPrecompute(RunSpec spec, SpikeSchedule input);

    /** Runs with host code in the loop: {@code handler} picks each step's input after seeing the previous step's output. */
    RunResult runInteractive(RunSpec spec, StepHandler handler);

    /** Zeroes all compartment state on the board (not during a run). */
    void reset();

    /** The channel counts of every run since {@link #connect()}, summed. */
    ChannelReport statistics();

    /** Ends the session; safe to call twice. */
    @Override
    void close();
}
