package dev.loihi.board.nativelink;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The functions of {@code loihi_driver.h}, one Java method each. {@link DirectDriverApi} binds
 * them by JNA direct mapping (the fast path); any other library loaded in the same process gets
 * a JNA interface proxy of this type. uint32/uint64 travel as int/long bit patterns.
 */
interface DriverApi extends Library {
    int loihi_abi_version();

    Pointer loihi_error_message(int code);

    Pointer loihi_last_error();

    int loihi_open(String options, Pointer boardOut);

    int loihi_describe(Pointer board, Pointer info);

    int loihi_write_image(Pointer board, byte[] bytes, long length, Pointer coresOut);

    int loihi_run_start(Pointer board, long steps, int mode, int maxSpikesPerStep, int flags, Pointer probes,
                        int probeCount);

    int loihi_write_packet(Pointer board, long step, int chip, int packet, int packetCount, Pointer words,
                           int spikeCount);

    int loihi_read_packet(Pointer board, Pointer out, Pointer values, int capacity, int waitUs);

    int loihi_read_probe(Pointer board, int kind, Pointer step, Pointer values, int capacity, Pointer count);

    int loihi_reset(Pointer board);

    int loihi_run_stop(Pointer board, Pointer done);

    int loihi_run_warnings(Pointer board, Pointer text, int capacity, Pointer length);

    int loihi_last_board_error(Pointer board, Pointer out);

    int loihi_close(Pointer board);
}
