package dev.loihi.board.nativelink;

import dev.loihi.board.BoardErrors;
import dev.loihi.snips.SnipErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.emulator.mailbox.MailboxServer;
import dev.loihi.emulator.mailbox.MailboxServerConfig;
import dev.loihi.emulator.server.EmulatorBoardConfig;
import dev.loihi.image.ImageWriter;
import dev.loihi.proto.link.ErrorCode;
import dev.loihi.snips.SpikeWordDescriptor;
import dev.loihi.snips.link.RelayImage;
import dev.loihi.snips.wire.ProtocolDescriptor;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.StandardOpenOption;
import java.io.IOException;
import java.util.stream.Stream;
import dev.loihi.emulator.mailbox.MailboxSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The driver ABI call by call against an emulator board in this process. */
@Timeout(60)
class NativeBoardTest {
    private static final int TIMEOUT_MS = 2000;

    @TempDir
    Path dir;
    private MailboxServer server;
    private NativeDriver driver;

    @BeforeEach
    void start() {
        server = NativeTestSupport.startServer("board", 2000);
        driver = NativeDriver.load(NativeTestSupport.driverPath());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private NativeBoard open() {
        return driver.open(server.driverOptions() + "&timeout_ms=" + TIMEOUT_MS);
    }

    @Test
    void shouldDescribeTheEmulatorBoard() {
        try (NativeBoard board = open()) {
            NativeBoardInfo info = board.describe();
            assertEquals("emulator", info.name());
            assertEquals(DriverStatus.ABI_VERSION, info.abiVersion());
            assertEquals(server.config().board().chips(), info.chips());
            assertEquals(server.config().board().maxSpikesPerStep(), info.maxPacketSpikes());
            assertTrue(info.can(DriverStatus.CAP_INTERACTIVE) && info.can(DriverStatus.CAP_PROBE_VOLTAGE));
        }
    }

    @Test
    void shouldRefuseAnUnknownOption() {
        LoihiException e = assertThrows(LoihiException.class,
                () -> driver.open(server.driverOptions() + "&timeout=5"));
        assertEquals(BoardErrors.NATIVE_DRIVER_ERROR, e.code());
        assertTrue(e.getMessage().contains("LOIHI_E_OPTIONS") && e.getMessage().contains("key=timeout"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "timeout_ms=100", "mailbox=", "mailbox=/a&mailbox=/b", "mailbox=/m&timeout_ms=0",
            "mailbox=/m&timeout_ms=ten", "mailbox=/m&spin_us=-1", "mailbox=%2", "mailbox=/m&&", "mailbox"})
    void shouldRefuseMalformedOptions(String options) {
        LoihiException e = assertThrows(LoihiException.class, () -> driver.open(options));
        assertEquals(BoardErrors.NATIVE_DRIVER_ERROR, e.code());
        assertTrue(e.getMessage().contains("LOIHI_E_OPTIONS"), e.getMessage());
    }

    @Test
    void shouldUnescapeTheMailboxPath() {
        String escaped = "mailbox=" + server.mailbox().toString().replace("/", "%2F") + "&timeout_ms=" + TIMEOUT_MS;
        try (NativeBoard board = driver.open(escaped)) {
            assertEquals("emulator", board.describe().name());
        }
    }

    @Test
    void shouldServeThroughASecondDriverLibraryInTheSameProcess() {
        NativeDriver copy = NativeDriver.load(NativeTestSupport.driverCopyPath());
        try (NativeBoard board = copy.open(server.driverOptions())) {
            assertEquals(DriverStatus.OK, board.writeImage(ImageWriter.write(RelayImage.build(8, 1))));
            assertEquals(2, board.loadedCores());
        }
    }

    @Test
    void shouldGiveUpOnABoardThatHangs() throws Exception {
        Path file = dir.resolve("hung");
        try (DeafBoard hung = new DeafBoard(file, false)) {
            LoihiException e = assertThrows(LoihiException.class, () -> driver.open("mailbox=" + file + "&timeout_ms=300"));
            assertEquals(SnipErrors.LINK_TIMEOUT, e.code());
            assertTrue(e.getMessage().contains("board made no progress"), e.getMessage());
        }
    }

    @Test
    void shouldGiveUpOnABoardThatBeatsButNeverAnswers() throws Exception {
        Path file = dir.resolve("deaf");
        try (DeafBoard deaf = new DeafBoard(file, true)) {
            LoihiException e = assertThrows(LoihiException.class,
                    () -> driver.open("mailbox=" + file + "&timeout_ms=300&request_timeout_ms=300"));
            assertEquals(SnipErrors.LINK_TIMEOUT, e.code());
            assertTrue(e.getMessage().contains("board did not answer"), e.getMessage());
        }
    }

    @Test
    void shouldRefuseAMissingMailbox() {
        LoihiException e = assertThrows(LoihiException.class, () -> driver.open("mailbox=" + dir.resolve("none")));
        assertEquals(BoardErrors.NATIVE_DRIVER_ERROR, e.code());
    }

    @Test
    void shouldRefuseAFileThatIsNoMailbox() throws Exception {
        Path junk = Files.write(dir.resolve("junk"), new byte[8192]);
        LoihiException e = assertThrows(LoihiException.class, () -> driver.open("mailbox=" + junk));
        assertEquals(BoardErrors.NATIVE_DRIVER_ERROR, e.code());
        assertTrue(e.getMessage().contains("LOIHI_E_MAILBOX_FORMAT"), e.getMessage());
    }

    @Test
    void shouldRefuseASecondHost() {
        try (NativeBoard first = open()) {
            LoihiException e = assertThrows(LoihiException.class, this::open);
            assertEquals(BoardErrors.NATIVE_DRIVER_ERROR, e.code());
            assertTrue(e.getMessage().contains("LOIHI_E_BUSY"), e.getMessage());
        }
    }

    @Test
    void shouldLetTheNextHostInAfterClose() {
        open().close();
        try (NativeBoard second = open()) {
            assertEquals("emulator", second.describe().name());
        }
    }

    @Test
    void shouldRefuseAMailboxWhoseBoardExited() throws Exception {
        // A board killed with SIGKILL leaves its socket behind, and nobody listens on it.
        Path stale = dir.resolve("stale");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(stale));
        }
        LoihiException e = assertThrows(LoihiException.class, () -> driver.open("mailbox=" + stale));
        assertEquals(SnipErrors.LINK_DISCONNECTED, e.code());
        assertTrue(e.getMessage().contains("LOIHI_E_PEER_GONE"), e.getMessage());
    }

    /** A board (or an impostor) that hands over memory without the seals: the driver maps nothing. */
    @Test
    void shouldRefuseMemoryThatIsNotSealed() throws Exception {
        Path plain = Files.write(dir.resolve("plain"), new byte[8192]);
        Path socket = dir.resolve("impostor");
        try (FileChannel file = FileChannel.open(plain, StandardOpenOption.READ, StandardOpenOption.WRITE);
             MailboxSocket impostor = MailboxSocket.open(socket, descriptorOf(plain))) {
            LoihiException e = assertThrows(LoihiException.class, () -> driver.open("mailbox=" + socket));
            assertEquals(BoardErrors.NATIVE_DRIVER_ERROR, e.code());
            assertTrue(e.getMessage().contains("LOIHI_E_MAILBOX_FORMAT") && e.getMessage().contains("mailbox memory not sealed"),
                    e.getMessage());
        }
    }

    /** The number of this process's open descriptor of {@code file}. */
    private static int descriptorOf(Path file) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    if (Files.readSymbolicLink(fd).equals(file.toAbsolutePath())) {
                        return Integer.parseInt(fd.getFileName().toString());
                    }
                } catch (IOException closedMeanwhile) {
                    // the listing's own descriptor, say
                }
            }
        }
        throw new IllegalStateException("no descriptor of " + file);
    }

    @Test
    void shouldPassOnTheBoardsReasonForRefusingAnImage() {
        try (NativeBoard board = open()) {
            assertEquals(DriverStatus.E_BOARD, board.writeImage(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
            BoardRefusal r = board.lastRefusal();
            assertEquals(ErrorCode.BAD_IMAGE_VALUE, r.errorCode());
            assertFalse(r.detailCode().isEmpty(), "the board-side code must travel with the refusal");
        }
    }

    @Test
    void shouldPassOnTheBoardsReasonForRefusingARunWithoutImage() {
        try (NativeBoard board = open()) {
            assertEquals(DriverStatus.E_BOARD, board.runStart(10, DriverStatus.MODE_INTERACTIVE, 50, true,
                    new int[] {0}, new int[] {DriverStatus.PROBE_SPIKE_BITS}));
            assertEquals(ErrorCode.NO_IMAGE_VALUE, board.lastRefusal().errorCode());
        }
    }

    @Test
    void shouldRefuseAPacketOutsideARun() {
        try (NativeBoard board = open()) {
            LoihiException e = assertThrows(LoihiException.class,
                    () -> board.writePacket(0, 0, 0, 1, new int[0], 0, 0));
            assertEquals(BoardErrors.NATIVE_DRIVER_ERROR, e.code());
            assertTrue(e.getMessage().contains("LOIHI_E_STATE"), e.getMessage());
        }
    }

    /**
     * A host that writes ahead without reading is pushed back by a return value, then catches
     * up. Small frames and a wide voltage probe make the board flush output every few steps,
     * so it soon waits on the host, which then finds its own ring full.
     */
    @Test
    void shouldReportBackPressureAndLoseNothing() {
        int steps = 600;
        MailboxServerConfig config = MailboxServerConfig.of(NativeTestSupport.mailboxPath("pressure"))
                .withBoard(EmulatorBoardConfig.withFrameBytes(ProtocolDescriptor.MIN_MAX_FRAME_BYTES));
        try (MailboxServer small = MailboxServer.start(config);
             NativeBoard board = driver.open(small.driverOptions() + "&timeout_ms=" + TIMEOUT_MS)) {
            assertEquals(DriverStatus.OK, board.writeImage(ImageWriter.write(RelayImage.build(1024, 1))));
            assertEquals(DriverStatus.OK, board.runStart(steps, DriverStatus.MODE_PRECOMPUTE, 50, true,
                    new int[] {1}, new int[] {DriverStatus.PROBE_VOLTAGE}));
            int[] words = {SpikeWordDescriptor.addressWord(0, 3), SpikeWordDescriptor.discreteTypeWord()};
            int fullSeen = 0;
            int stepsDone = 0;
            long spikesIn = 0;
            for (int t = 0; t < steps; t++) {
                while (board.writePacket(t, 0, 0, 1, words, 0, 1) == DriverStatus.FULL) {
                    fullSeen++;
                    while (board.readPacket(0) == DriverStatus.OK) {
                        if (board.packetKind() == DriverStatus.PACKET_STEP_DONE) {
                            stepsDone++;
                            spikesIn += board.packetSpikesIn();
                        }
                    }
                }
            }
            while (true) {
                assertEquals(DriverStatus.OK, board.readPacket(-1));
                if (board.packetKind() == DriverStatus.PACKET_RUN_DONE) {
                    break;
                }
                if (board.packetKind() == DriverStatus.PACKET_STEP_DONE) {
                    stepsDone++;
                    spikesIn += board.packetSpikesIn();
                }
            }
            assertTrue(fullSeen > 0, "the host never ran into a full ring: the test proved nothing");
            assertEquals(steps, stepsDone);
            assertEquals(steps, spikesIn);
            assertEquals(steps, board.packetStep());
            assertEquals(steps, board.packetSpikesIn());
        }
    }

    @Test
    void shouldStopARunEarly() {
        try (NativeBoard board = open()) {
            assertEquals(DriverStatus.OK, board.writeImage(ImageWriter.write(RelayImage.build(8, 1))));
            assertEquals(DriverStatus.OK, board.runStart(1000, DriverStatus.MODE_INTERACTIVE, 50, true,
                    new int[] {1}, new int[] {DriverStatus.PROBE_VOLTAGE}));
            for (int t = 0; t < 5; t++) {
                assertEquals(DriverStatus.OK, board.writePacket(t, 0, 0, 1, new int[0], 0, 0));
                assertEquals(DriverStatus.OK, board.readPacket(-1));
                assertEquals(DriverStatus.PACKET_STEP_DONE, board.packetKind());
                assertEquals(8, board.readVoltages());
            }
            assertEquals(DriverStatus.OK, board.runStop());
            assertEquals(DriverStatus.PACKET_RUN_DONE, board.packetKind());
            assertEquals(5, board.packetStep());
            assertEquals(DriverStatus.RUN_DONE_STOPPED, board.packetFlags() & DriverStatus.RUN_DONE_STOPPED);
        }
    }

    @Test
    void shouldReportABoardThatShutDown() {
        try (NativeBoard board = open()) {
            assertEquals(DriverStatus.OK, board.writeImage(ImageWriter.write(RelayImage.build(8, 1))));
            server.close();
            LoihiException e = assertThrows(LoihiException.class, () -> board.runStart(10,
                    DriverStatus.MODE_INTERACTIVE, 50, true, new int[] {0}, new int[] {DriverStatus.PROBE_SPIKE_BITS}));
            assertEquals(SnipErrors.LINK_DISCONNECTED, e.code());
        }
    }
}
