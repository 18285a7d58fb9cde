package dev.loihi.board.nativelink;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * {@link DriverApi} by JNA direct mapping: static natives registered against one library,
 * about three times cheaper per call than an interface proxy (measured 0.2 against 0.6 us),
 * which matters at a few calls per step. JNA binds a class's natives to one library at a time,
 * so the first library loaded in a process gets this path ({@link #bind}) and later ones fall
 * back to a proxy.
 */
final class DirectDriverApi implements DriverApi {
    private static String boundLibrary;

    private DirectDriverApi() {}

    /** This path for {@code library} when no other library holds it, else null. */
    static synchronized DriverApi bind(NativeLibrary library, String path) {
        if (boundLibrary == null) {
            Native.register(Natives.class, library);
            boundLibrary = path;
        }
        return boundLibrary.equals(path) ? new DirectDriverApi() : null;
    }

    /** Bound by name: each static native is the C function of the same name. */
    private static final class Natives {
        static native int loihi_abi_version();

        static native Pointer loihi_error_message(int code);

        static native Pointer loihi_last_error();

        static native int loihi_open(String options, Pointer boardOut);

        static native int loihi_describe(Pointer board, Pointer info);

        static native int loihi_write_image(Pointer board, byte[] bytes, long length, Pointer coresOut);

        static native int loihi_run_start(Pointer board, long steps, int mode, int maxSpikesPerStep, int flags,
                                          Pointer probes, int probeCount);

        static native int loihi_write_packet(Pointer board, long step, int chip, int packet, int packetCount,
                                             Pointer words, int spikeCount);

        static native int loihi_read_packet(Pointer board, Pointer out, Pointer values, int capacity, int waitUs);

        static native int loihi_read_probe(Pointer board, int kind, Pointer step, Pointer values, int capacity,
                                           Pointer count);

        static native int loihi_reset(Pointer board);

        static native int loihi_run_stop(Pointer board, Pointer done);

        static native int loihi_run_warnings(Pointer board, Pointer text, int capacity, Pointer length);

        static native int loihi_last_board_error(Pointer board, Pointer out);

        static native int loihi_close(Pointer board);
    }

    @Override
    public int loihi_abi_version() {
        return Natives.loihi_abi_version();
    }

    @Override
    public Pointer loihi_error_message(int code) {
        return Natives.loihi_error_message(code);
    }

    @Override
    public Pointer loihi_last_error() {
        return Natives.loihi_last_error();
    }

    @Override
    public int loihi_open(String options, Pointer boardOut) {
        return Natives.loihi_open(options, boardOut);
    }

    @Override
    public int loihi_describe(Pointer board, Pointer info) {
        return Natives.loihi_describe(board, info);
    }

    @Override
    public int loihi_write_image(Pointer board, byte[] bytes, long length, Pointer coresOut) {
        return Natives.loihi_write_image(board, bytes, length, coresOut);
    }

    @Override
    public int loihi_run_start(Pointer board, long steps, int mode, int maxSpikesPerStep, int flags, Pointer probes,
                               int probeCount) {
        return Natives.loihi_run_start(board, steps, mode, maxSpikesPerStep, flags, probes, probeCount);
    }

    @Override
    public int loihi_write_packet(Pointer board, long step, int chip, int packet, int packetCount, Pointer words,
                                  int spikeCount) {
        return Natives.loihi_write_packet(board, step, chip, packet, packetCount, words, spikeCount);
    }

    @Override
    public int loihi_read_packet(Pointer board, Pointer out, Pointer values, int capacity, int waitUs) {
        return Natives.loihi_read_packet(board, out, values, capacity, waitUs);
    }

    @Override
    public int loihi_read_probe(Pointer board, int kind, Pointer step, Pointer values, int capacity, Pointer count) {
        return Natives.loihi_read_probe(board, kind, step, values, capacity, count);
    }

    @Override
    public int loihi_reset(Pointer board) {
        return Natives.loihi_reset(board);
    }

    @Override
    public int loihi_run_stop(Pointer board, Pointer done) {
        return Natives.loihi_run_stop(board, done);
    }

    @Override
    public int loihi_run_warnings(Pointer board, Pointer text, int capacity, Pointer length) {
        return Natives.loihi_run_warnings(board, text, capacity, length);
    }

    @Override
    public int loihi_last_board_error(Pointer board, Pointer out) {
        return Natives.loihi_last_board_error(board, out);
    }

    @Override
    public int loihi_close(Pointer board) {
        return Natives.loihi_close(board);
    }
}
