package dev.loihi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.ChannelReport;
import dev.loihi.snips.OverflowPolicy;
import org.junit.jupiter.api.Test;

/** The channel lines a first run prints: a note says nothing was lost and what a step over the cap would do. */
class ChannelNoteTest {
    /** A run whose busiest step offered {@code peak} spikes, none over the cap. */
    private static ChannelReport peak(long peak) {
        return new ChannelReport(200, 5000, 5000, 0, 5000, 0, 200, peak, 0, 0);
    }

    @Test
    void shouldSayNothingWasLostWhenNearTheCap() {
        String note = RunCommand.channelNote(peak(46), new ChannelConfig(50, OverflowPolicy.SPLIT));
        assertTrue(note.startsWith("spike channel near its cap, nothing lost: max_spikes_per_step=46,"
                + " snip_max_spikes_per_step=50"), note);
        assertTrue(note.contains("split into extra packets"), note);
        assertTrue(RunCommand.channelNote(peak(46), new ChannelConfig(50, OverflowPolicy.DROP)).contains("would drop"));
        assertNull(RunCommand.channelNote(peak(10), new ChannelConfig(50, OverflowPolicy.SPLIT)));
        assertNull(RunCommand.channelWarning(peak(46), new ChannelConfig(50, OverflowPolicy.SPLIT)), "no warning");
    }

    @Test
    void shouldWarnOnlyOfDroppedSpikes() {
        ChannelReport dropped = new ChannelReport(200, 5000, 4000, 1000, 4000, 0, 200, 70, 0, 30);
        assertEquals("spike channel over its cap: steps_over_cap=30, max_spikes_per_step=70, snip_max_spikes_per_step=50,"
                + " DROPPED=1000", RunCommand.channelWarning(dropped, new ChannelConfig(50, OverflowPolicy.DROP)));
    }
}
