package dev.loihi.emulator.mailbox;

import dev.loihi.emulator.server.ServerErrors;
import dev.loihi.common.LoihiException;
import dev.loihi.emulator.server.EmulatorBoardConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a {@link MailboxServer} lays out its mailbox and watches its host; validated once, here.
 *
 * @param mailbox       the path of the unix socket that hands hosts the board's sealed memory (at most 107 bytes)
 * @param slotBytes     bytes of one ring slot, its 40-byte header included; a multiple of 64
 * @param slotCount     slots per ring; a power of two
 * @param hostTimeoutMs a host whose heartbeat has not moved for this long is judged stalled
 * @param spinMicros    how long the serving loop busy-waits for a message before yielding the CPU
 * @param board         what the emulator board offers each session
 */
public record MailboxServerConfig(Path mailbox, int slotBytes, int slotCount, int hostTimeoutMs, int spinMicros,
                                  EmulatorBoardConfig board) {
    public static final int DEFAULT_SLOT_BYTES = 4096;
    public static final int DEFAULT_SLOT_COUNT = 256;
    public static final int DEFAULT_HOST_TIMEOUT_MS = 5000;
    /** As the driver's spin_us: long enough for a step's round trip on free cores (docs/NATIVE_DRIVER.md, Latency). */
    public static final int DEFAULT_SPIN_MICROS = 50;
    public static final int MIN_SLOT_BYTES = 128;
    public static final int MAX_SLOT_BYTES = 1 << 20;
    public static final int MAX_SLOT_COUNT = 1 << 16;
    /** Several host heartbeats (every 20 ms) must fit in the timeout, or a busy host looks dead. */
    public static final int MIN_HOST_TIMEOUT_MS = 10 * MailboxDescriptor.HOST_BEAT_MS;
    public static final int MAX_HOST_TIMEOUT_MS = 3_600_000;
    public static final int MAX_SPIN_MICROS = 100_000;

    public MailboxServerConfig {
        if (mailbox == null) {
            throw bad("mailbox path missing: mailbox=null");
        }
        if (slotBytes < MIN_SLOT_BYTES || slotBytes > MAX_SLOT_BYTES || slotBytes % 64 != 0) {
            throw bad("mailbox slot size out of range: slotBytes=" + slotBytes + ", min=" + MIN_SLOT_BYTES
                    + ", max=" + MAX_SLOT_BYTES + ", multipleOf=64");
        }
        if (slotCount < 2 || slotCount > MAX_SLOT_COUNT || Integer.bitCount(slotCount) != 1) {
            throw bad("mailbox slot count out of range: slotCount=" + slotCount + ", min=2, max=" + MAX_SLOT_COUNT
                    + ", powerOfTwo=true");
        }
        if (MailboxDescriptor.fileBytes(slotBytes, slotCount) > Integer.MAX_VALUE) {
            throw bad("mailbox larger than one mapping: slotBytes=" + slotBytes + ", slotCount=" + slotCount
                    + ", fileBytes=" + MailboxDescriptor.fileBytes(slotBytes, slotCount) + ", max=" + Integer.MAX_VALUE);
        }
        if (hostTimeoutMs < MIN_HOST_TIMEOUT_MS || hostTimeoutMs > MAX_HOST_TIMEOUT_MS) {
            throw bad("mailbox host timeout out of range: hostTimeoutMs=" + hostTimeoutMs + ", min="
                    + MIN_HOST_TIMEOUT_MS + ", max=" + MAX_HOST_TIMEOUT_MS);
        }
        if (spinMicros < 0 || spinMicros > MAX_SPIN_MICROS) {
            throw bad("mailbox spin out of range: spinMicros=" + spinMicros + ", min=0, max=" + MAX_SPIN_MICROS);
        }
        if (board == null) {
            throw bad("mailbox board config missing: board=null");
        }
        board = fitToSlots(board, slotBytes);
    }

    /** Defaults: 4 KiB slots, 256 per ring, 5 s host timeout, the emulator board's defaults. */
    public static MailboxServerConfig of(Path mailbox) {
        return new MailboxServerConfig(mailbox, DEFAULT_SLOT_BYTES, DEFAULT_SLOT_COUNT, DEFAULT_HOST_TIMEOUT_MS,
                DEFAULT_SPIN_MICROS, EmulatorBoardConfig.defaults());
    }

    public MailboxServerConfig withHostTimeoutMs(int ms) {
        return new MailboxServerConfig(mailbox, slotBytes, slotCount, ms, spinMicros, board);
    }

    public MailboxServerConfig withSpinMicros(int micros) {
        return new MailboxServerConfig(mailbox, slotBytes, slotCount, hostTimeoutMs, micros, board);
    }

    public MailboxServerConfig withBoard(EmulatorBoardConfig config) {
        return new MailboxServerConfig(mailbox, slotBytes, slotCount, hostTimeoutMs, spinMicros, config);
    }

    public MailboxServerConfig withSlots(int bytes, int count) {
        return new MailboxServerConfig(mailbox, bytes, count, hostTimeoutMs, spinMicros, board);
    }

    /** A mailbox file name in shared memory (/dev/shm) when the system has it, else in the temp folder. */
    public static Path defaultFolder() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** A packet of the snip channel must fit one slot: the cap the board offers shrinks to the slot. */
    private static EmulatorBoardConfig fitToSlots(EmulatorBoardConfig board, int slotBytes) {
        int slotSpikes = (slotBytes - MailboxDescriptor.SLOT_HEADER_BYTES) / (4 * MailboxDescriptor.WORDS_PER_SPIKE);
        long maxImage = Math.min(board.maxImageBytes(), 0xFFFF_FFFFL);
        if (board.maxSpikesPerStep() <= slotSpikes && maxImage == board.maxImageBytes()) {
            return board;
        }
        return new EmulatorBoardConfig(board.chips(), board.maxFrameBytes(), maxImage,
                Math.min(board.maxSpikesPerStep(), slotSpikes));
    }

    private static LoihiException bad(String message) {
        return new LoihiException(ServerErrors.MAILBOX_BAD_CONFIG, message);
    }
}
