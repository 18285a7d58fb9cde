package dev.loihi.board.nativelink;

import dev.loihi.board.BoardErrors;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.loihi.common.LoihiException;

/**
 * One open board of a {@link NativeDriver}: each method is one ABI call, with arguments and
 * results in native memory that is allocated once and reused, so a step costs no allocation.
 * Expected outcomes come back as status values ({@link DriverStatus#OK}, {@code EMPTY},
 * {@code FULL}, {@code E_BOARD} with {@link #lastRefusal()}); any other failure throws (see
 * {@link DriverFailures}). Used by one thread at a time, like the handle it wraps.
 */
public final class NativeBoard implements AutoCloseable {
    private static final int INITIAL_WORDS = 1024;
    private static final long MAX_WAIT_US = 0xFFFF_FFFEL;

    private final NativeDriver driver;
    private final DriverApi api;
    private Pointer handle;
    private final Memory packet = new Memory(DriverLayout.PACKET_BYTES);
    private final Memory scalars = new Memory(16);
    private final Memory refusal = new Memory(DriverLayout.ERROR_BYTES);
    private Memory words = new Memory(4L * INITIAL_WORDS);
    private Memory values = new Memory(4L * INITIAL_WORDS);
    private Memory probes = new Memory(DriverLayout.PROBE_BYTES * 16L);

    NativeBoard(NativeDriver driver, DriverApi api, Pointer handle) {
        this.driver = driver;
        this.api = api;
        this.handle = handle;
    }

    public NativeDriver driver() {
        return driver;
    }

    public NativeBoardInfo describe() {
        Memory info = new Memory(DriverLayout.INFO_BYTES);
        check(api.loihi_describe(open(), info), "loihi_describe");
        return new NativeBoardInfo(info.getInt(DriverLayout.INFO_ABI_VERSION), info.getString(DriverLayout.INFO_NAME),
                info.getInt(DriverLayout.INFO_CHIPS), info.getInt(DriverLayout.INFO_CORES_PER_CHIP),
                info.getInt(DriverLayout.INFO_MAX_PACKET_SPIKES),
                Integer.toUnsignedLong(info.getInt(DriverLayout.INFO_MAX_IMAGE_BYTES)),
                info.getInt(DriverLayout.INFO_CAPABILITIES));
    }

    /** Loads an image; OK (cores in {@link #loadedCores()}) or E_BOARD. */
    public int writeImage(byte[] image) {
        scalars.setInt(0, 0);
        return expect(api.loihi_write_image(open(), image, image.length, scalars), "loihi_write_image");
    }

    /** Cores the last successful {@link #writeImage} loaded. */
    public int loadedCores() {
        return scalars.getInt(0);
    }

    /** Starts a run; probe i reads output port {@code ports[i]} with {@code DriverStatus.PROBE_*} bits {@code flags[i]}. OK or E_BOARD. */
    public int runStart(long steps, int mode, int maxSpikesPerStep, boolean resetState, int[] ports, int[] flags) {
        long bytes = (long) DriverLayout.PROBE_BYTES * Math.max(1, ports.length);
        if (probes.size() < bytes) {
            probes = new Memory(bytes);
        }
        for (int i = 0; i < ports.length; i++) {
            probes.setInt((long) i * DriverLayout.PROBE_BYTES + DriverLayout.PROBE_OUTPUT_PORT, ports[i]);
            probes.setInt((long) i * DriverLayout.PROBE_BYTES + DriverLayout.PROBE_FLAGS, flags[i]);
        }
        int runFlags = resetState ? DriverStatus.RUN_RESET_STATE : 0;
        return expect(api.loihi_run_start(open(), steps, mode, maxSpikesPerStep, runFlags, probes, ports.length),
                "loihi_run_start");
    }

    /** One host-to-chip packet of {@code spikeCount} spikes from {@code src[firstWord..]}; OK or FULL. */
    public int writePacket(long step, int chip, int packet, int packetCount, int[] src, int firstWord, int spikeCount) {
        int n = spikeCount * DriverStatus.WORDS_PER_SPIKE;
        if (n > 0) {
            words = ensure(words, n);
            words.write(0, src, firstWord, n);
        }
        return expect(api.loihi_write_packet(open(), step, chip, packet, packetCount, words, spikeCount),
                "loihi_write_packet");
    }

    /**
     * The next chip-to-host event, waiting up to {@code waitUs} (negative: while the board
     * lives). OK (read it with the packet accessors), EMPTY, or E_BOARD.
     */
    public int readPacket(long waitUs) {
        int wait = waitUs < 0 ? DriverStatus.WAIT_FOREVER : (int) Math.min(waitUs, MAX_WAIT_US);
        while (true) {
            int status = api.loihi_read_packet(open(), packet, values, (int) (values.size() / 4), wait);
            if (status == DriverStatus.E_TOO_LARGE && packet.getInt(DriverLayout.PACKET_WORDS) > values.size() / 4) {
                values = ensure(values, packet.getInt(DriverLayout.PACKET_WORDS));
                continue;
            }
            return expect(status, "loihi_read_packet");
        }
    }

    public int packetKind() {
        return packet.getInt(DriverLayout.PACKET_KIND);
    }

    public long packetStep() {
        return packet.getLong(DriverLayout.PACKET_STEP);
    }

    public int packetIndex() {
        return packet.getInt(DriverLayout.PACKET_INDEX);
    }

    public int packetCount() {
        return packet.getInt(DriverLayout.PACKET_COUNT);
    }

    /** Words of the last SPIKE_BITS packet. */
    public int packetWords() {
        return packet.getInt(DriverLayout.PACKET_WORDS);
    }

    public int packetFlags() {
        return packet.getInt(DriverLayout.PACKET_FLAGS);
    }

    public long packetSpikesIn() {
        return packet.getLong(DriverLayout.PACKET_SPIKES_IN);
    }

    /**
     * Reads probe memory, the voltages of every voltage probe for the step last completed, into
     * the value buffer and returns how many (copy them with {@link #copyValues}), or -1 when no
     * step has delivered them yet.
     */
    public int readVoltages() {
        while (true) {
            int status = api.loihi_read_probe(open(), DriverStatus.PROBE_VOLTAGE, scalars, values,
                    (int) (values.size() / 4), scalars.share(8));
            int count = scalars.getInt(8);
            if (status == DriverStatus.E_TOO_LARGE && count > values.size() / 4) {
                values = ensure(values, count);
                continue;
            }
            return expect(status, "loihi_read_probe") == DriverStatus.EMPTY ? -1 : count;
        }
    }

    /** Copies {@code count} values of the last read (packet words or voltages) to {@code dst[offset..]}. */
    public void copyValues(int[] dst, int offset, int count) {
        values.read(0, dst, offset, count);
    }

    /** Zeroes the board's state; OK or E_BOARD. */
    public int reset() {
        return expect(api.loihi_reset(open()), "loihi_reset");
    }

    /** Stops the run; OK with the RUN_DONE in the packet accessors (kind 0 when no run was active), or E_BOARD. */
    public int runStop() {
        return expect(api.loihi_run_stop(open(), packet), "loihi_run_stop");
    }

    /** Warnings of the last finished run, one per line. */
    public String runWarnings() {
        check(api.loihi_run_warnings(open(), Pointer.NULL, 0, scalars), "loihi_run_warnings");
        int length = scalars.getInt(0);
        if (length == 0) {
            return "";
        }
        Memory text = new Memory(length + 1L);
        check(api.loihi_run_warnings(open(), text, length + 1, scalars), "loihi_run_warnings");
        return text.getString(0, "UTF-8");
    }

    /** What the board said with the last E_BOARD. */
    public BoardRefusal lastRefusal() {
        check(api.loihi_last_board_error(open(), refusal), "loihi_last_board_error");
        return new BoardRefusal(refusal.getInt(DriverLayout.ERROR_CODE), refusal.getInt(DriverLayout.ERROR_HAS_STEP) != 0,
                refusal.getLong(DriverLayout.ERROR_STEP), refusal.getString(DriverLayout.ERROR_DETAIL_CODE, "UTF-8"),
                refusal.getString(DriverLayout.ERROR_MESSAGE, "UTF-8"));
    }

    /** Ends the session and frees the handle; a board already gone is not an error here. Safe to call twice. */
    @Override
    public void close() {
        if (handle == null) {
            return;
        }
        Pointer h = handle;
        handle = null;
        api.loihi_close(h);
    }

    private Pointer open() {
        if (handle == null) {
            throw new LoihiException(BoardErrors.NATIVE_DRIVER_ERROR, "native board used after close: library=" + driver.library());
        }
        return handle;
    }

    /** Passes OK and the expected outcomes through; throws for errors. */
    private int expect(int status, String call) {
        if (status >= 0 || status == DriverStatus.E_BOARD) {
            return status;
        }
        throw DriverFailures.toException(status, driver.lastError(), driver.library(), call);
    }

    private void check(int status, String call) {
        if (status != DriverStatus.OK) {
            throw DriverFailures.toException(status, driver.lastError(), driver.library(), call);
        }
    }

    private static Memory ensure(Memory m, long ints) {
        if (m.size() >= 4 * ints) {
            return m;
        }
        return new Memory(Math.max(4 * ints, 2 * m.size()));
    }
}
