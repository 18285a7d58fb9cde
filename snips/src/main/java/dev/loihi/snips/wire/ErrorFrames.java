package dev.loihi.snips.wire;

import static dev.loihi.common.MessageText.oneLine;

import dev.loihi.common.LoihiException;
import dev.loihi.proto.link.Error;
import dev.loihi.proto.link.ErrorCode;
import dev.loihi.proto.link.Frame;

/**
 * Errors across the wire. A board sends {@code Error(code, message, step, detail_code)}; the
 * host raises it as a {@link LoihiException} whose code is the board-side code when there is
 * one (so an image that fails to decode gives the same IMAGE_* code in process and over TCP),
 * else {@code LINK_<ErrorCode>}.
 */
public final class ErrorFrames {
    private ErrorFrames() {}

    public static final String REMOTE_PREFIX = "LINK_";

    public static Frame error(ErrorCode code, String message) {
        return Frame.newBuilder().setError(Error.newBuilder().setCode(code).setMessage(message)).build();
    }

    public static Frame error(ErrorCode code, String message, long step) {
        return Frame.newBuilder().setError(Error.newBuilder().setCode(code).setMessage(message).setStep(step)).build();
    }

    /** An error caused by a board-side {@link LoihiException}: its code travels as detail_code. */
    public static Frame error(ErrorCode code, LoihiException cause) {
        return Frame.newBuilder().setError(Error.newBuilder().setCode(code).setMessage(oneLine(cause.getMessage()))
                .setDetailCode(cause.code())).build();
    }

    /** The LoihiException code the host raises for a wire error code. */
    public static String hostCode(ErrorCode code) {
        return REMOTE_PREFIX + code.name();
    }

    public static LoihiException toException(Error error) {
        String code = error.getDetailCode().isEmpty() ? hostCode(error.getCode()) : error.getDetailCode();
        String message = error.getMessage().isEmpty() ? "board error: code=" + error.getCode() : error.getMessage();
        return new LoihiException(code, message);
    }
}
