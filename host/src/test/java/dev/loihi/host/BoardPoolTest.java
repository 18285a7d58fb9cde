package dev.loihi.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loihi.common.LoihiException;
import dev.loihi.emulator.server.LoopbackServers;
import dev.loihi.image.Image;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.ChannelReport;
import dev.loihi.snips.SnipErrors;
import dev.loihi.snips.link.BoardInfo;
import dev.loihi.snips.link.BoardLink;
import dev.loihi.snips.link.LinkOptions;
import dev.loihi.snips.link.RunResult;
import dev.loihi.snips.link.RunSpec;
import dev.loihi.snips.link.SpikeSchedule;
import dev.loihi.snips.link.StepHandler;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A pool of boards: emulator servers on loopback, one or all killed part way through a run. The
 * outcome must be the one board's, input for input, with every input journalled exactly once.
 */
class BoardPoolTest {
    private static final int INPUTS = 60;
    private static final int STEPS = 30;
    private static final LinkOptions LINK = LinkOptions.defaults().withIoTimeoutMs(5000);

    @TempDir
    Path dir;

    private final LoopbackServers servers = new LoopbackServers();
    /**
     * Held for writing while a board is killed, for reading by every link call: a kill waits for
     * the calls under way and no call starts until the board is gone. Without it the workers
     * ran on while the server closed (up to seconds under load) and finished the 60 short
     * inputs first, and the run the test expects to fail passed.
     */
    private final ReadWriteLock gate = new ReentrantReadWriteLock(true);
    /**
     * Presentations started on any link so far, and the one at whose start {@link #killer} runs:
     * a kill counted in presentations, not in the run's progress, which is reported in batches
     * (every few ms) and so may come after all 60 short inputs completed.
     */
    private final AtomicInteger presentations = new AtomicInteger();
    private volatile int killAt = -1;
    private volatile Runnable killer;

    @AfterEach
    void closeServers() {
        servers.close();
    }

    private String server() {
        return servers.start();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void shouldGiveOnAPoolWhatOneBoardGives(long seed) {
        Random r = new Random(seed);
        double[][] x = SmallNetworks.inputs(INPUTS, 5, r);
        Image image = SmallNetworks.image(x, r);
        Evaluation.Outcome one = run(image, x, BoardPool.of((String) null), new int[] {1}, null);
        BoardPool pool = BoardPool.of(List.of(server(), "emulator", server()));
        Evaluation.Outcome all = run(image, x, pool, new int[] {2, 1, 2}, null);
        assertSame(one, all);
        assertEquals(5, all.workers());
        assertTrue(all.boardFailures().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void shouldMoveTheInputsOfABoardKilledMidRunToTheOthers(int perBoard) {
        Random r = new Random(3);
        double[][] x = SmallNetworks.inputs(INPUTS, 5, r);
        Image image = SmallNetworks.image(x, r);
        Evaluation.Outcome one = run(image, x, BoardPool.of((String) null), new int[] {1}, null);
        BoardPool pool = BoardPool.of(List.of(server(), server(), server()));
        String killed = pool.targets().get(1);
        RunJournal journal = RunJournal.start(dir.resolve("r.json.journal"), header());
        killAtPresentation(11, () -> servers.kill(killed));
        Evaluation.Outcome moved = run(image, x, pool, new int[] {perBoard, perBoard, perBoard}, journal);
        assertSame(one, moved);
        assertEquals(1, moved.boardFailures().size(), moved.boardFailures().toString());
        Evaluation.BoardFailure f = moved.boardFailures().get(0);
        assertEquals(killed, f.board());
        assertTrue(f.inputsMoved() >= 1 && f.inputsMoved() <= perBoard, f.line());
        assertTrue(f.error().startsWith("[" + SnipErrors.LINK_DISCONNECTED + "]"), f.line());
        // the journal refuses an input recorded twice; here it holds each once
        assertEquals(INPUTS, journal.done().size());
        journal.close();
        // a resumed run from the journal presents nothing more and gives the same
        RunJournal again = RunJournal.resume(dir.resolve("r.json.journal"), header());
        assertSame(one, run(image, x, BoardPool.of(List.of(server())), new int[] {1}, again));
        again.close();
    }

    /** As evaluate does, one presentation length after another on the same links: a board that failed stays out. */
    @Test
    void shouldLeaveABoardThatFailedOutOfTheNextRun() {
        Random r = new Random(6);
        double[][] x = SmallNetworks.inputs(INPUTS, 5, r);
        Image image = SmallNetworks.image(x, r);
        Evaluation.Outcome one = run(image, x, BoardPool.of((String) null), new int[] {1}, null);
        BoardPool pool = BoardPool.of(List.of(server(), server()));
        ImageInfo info = ImageInfo.of(image);
        int settle = new Workload(image, info, null, null).defaultSettle(STEPS);
        try (Workers w = Workers.open(pool, LINK, new int[] {1, 1}, image,
                link -> new Presenter(new GatedLink(link), info, info.encoder(null), ChannelConfig.defaults()))) {
            killAtPresentation(11, () -> servers.kill(pool.targets().get(0)));
            Evaluation.Outcome first = Evaluation.run(w, x, STEPS, settle, Progress.NONE, null);
            assertSame(one, first);
            assertEquals(1, first.boardFailures().size());
            Evaluation.Outcome second = Evaluation.run(w, x, STEPS, settle, Progress.NONE, null);
            assertSame(one, second);
            assertTrue(second.boardFailures().isEmpty(), second.boardFailures().toString());
            assertEquals(1, second.workers());
        }
    }

    @Test
    void shouldFailWhenEveryBoardFailedAndKeepWhatWasDone() {
        Random r = new Random(4);
        double[][] x = SmallNetworks.inputs(INPUTS, 5, r);
        Image image = SmallNetworks.image(x, r);
        BoardPool pool = BoardPool.of(List.of(server(), server()));
        RunJournal journal = RunJournal.start(dir.resolve("r.json.journal"), header());
        killAtPresentation(6, servers::killAll);
        LoihiException e = assertThrows(LoihiException.class, () -> run(image, x, pool, new int[] {1, 1}, journal));
        assertEquals(HostErrors.POOL_FAILED, e.code());
        assertTrue(e.getMessage().contains("inputsDone=" + journal.done().size() + ","), e.getMessage());
        assertTrue(e.getMessage().contains("continue with --resume"), e.getMessage());
        assertTrue(journal.done().size() >= 5 && journal.done().size() < INPUTS);
        journal.close();
    }

    @Test
    void shouldRefuseAPoolWithOneBadAddressBeforeOpeningAny() {
        BoardPool pool = BoardPool.of(List.of(server(), "tcp://127.0.0.1:99999", server()));
        LoihiException e = assertThrows(LoihiException.class, () -> pool.check(LINK));
        assertEquals(SnipErrors.LINK_BAD_TARGET, e.code());
    }

    @Test
    void shouldRefuseTheSameBoardTwice() {
        String s = server();
        LoihiException e = assertThrows(LoihiException.class, () -> BoardPool.of(List.of(s, "emulator", s)).check(LINK));
        assertEquals(HostErrors.TARGET_POOL, e.code());
        assertEquals(HostErrors.TARGET_POOL, assertThrows(LoihiException.class,
                () -> BoardPool.of(List.of(s, "emulator")).single("a spike run")).code());
    }

    @Test
    void shouldNameTheBoardWhoseConnectionFailsWhenTheRunStarts() {
        String target = server();
        servers.kill(target);
        Image image = SmallNetworks.image(SmallNetworks.inputs(4, 5, new Random(5)), new Random(5));
        ImageInfo info = ImageInfo.of(image);
        LoihiException e = assertThrows(LoihiException.class, () -> Workers.open(
                BoardPool.of(List.of(server(), target)), LINK, new int[] {1, 1}, image,
                link -> new Presenter(new GatedLink(link), info, info.encoder(null), ChannelConfig.defaults())));
        assertEquals(SnipErrors.LINK_CONNECT, e.code());
        assertTrue(e.getMessage().endsWith(", board=" + target), e.getMessage());
    }

    private Evaluation.Outcome run(Image image, double[][] x, BoardPool pool, int[] perBoard, RunJournal journal) {
        ImageInfo info = ImageInfo.of(image);
        int settle = new Workload(image, info, null, null).defaultSettle(STEPS);
        try (Workers w = Workers.open(pool, LINK, perBoard, image,
                link -> new Presenter(new GatedLink(link), info, info.encoder(null), ChannelConfig.defaults()))) {
            return Evaluation.run(w, x, STEPS, settle, Progress.NONE, journal);
        }
    }

    /**
     * Runs {@code kill} when presentation {@code n} (counted from 1 over every link) starts, before
     * it passes the gate: presentations 1 to n - 1 have completed by then, or complete before the kill.
     */
    private void killAtPresentation(int n, Runnable kill) {
        killer = kill;
        killAt = presentations.get() + n;
    }

    private void kill(Runnable kill) {
        gate.writeLock().lock();
        try {
            kill.run();
        } finally {
            gate.writeLock().unlock();
        }
    }

    /** A worker's link whose calls pass the {@link #gate}. */
    private final class GatedLink implements BoardLink {
        private final BoardLink link;

        GatedLink(BoardLink link) {
            this.link = link;
        }

        private <T> T pass(Supplier<T> call) {
            gate.readLock().lock();
            try {
                return call.get();
            } finally {
                gate.readLock().unlock();
            }
        }

        @Override
        public BoardInfo connect() {
            return pass(link::connect);
        }

        @Override
        public BoardInfo board() {
            return link.board();
        }

        @Override
        public void upload(Image image) {
            pass(() -> {
                link.upload(image);
                return null;
            });
        }

        @Override
        public RunResult runPrecompute(RunSpec spec, SpikeSchedule input) {
            if (presentations.incrementAndGet() == killAt) {
                kill(killer);
            }
            return pass(() -> link.runPrecompute(spec, input));
        }

        @Override
        public RunResult runInteractive(RunSpec spec, StepHandler handler) {
            return pass(() -> link.runInteractive(spec, handler));
        }

        @Override
        public void reset() {
            pass(() -> {
                link.reset();
                return null;
            });
        }

        @Override
        public ChannelReport statistics() {
            return link.statistics();
        }

        @Override
        public void close() {
            link.close();
        }
    }

    private static void assertSame(Evaluation.Outcome expected, Evaluation.Outcome actual) {
        assertArrayEquals(expected.predictions(), actual.predictions());
        assertArrayEquals(expected.inputSpikes(), actual.inputSpikes());
        for (int i = 0; i < INPUTS; i++) {
            assertArrayEquals(expected.scores()[i], actual.scores()[i], 0.0, "input " + i);
        }
        assertEquals(expected.channel(), actual.channel());
        assertEquals(expected.warnings(), actual.warnings());
        assertEquals(expected.steps(), actual.steps());
    }

    private static ObjectNode header() {
        ObjectNode h = new ObjectMapper().createObjectNode();
        h.put("inputs", INPUTS);
        h.put("steps_per_input", STEPS);
        return h;
    }
}
