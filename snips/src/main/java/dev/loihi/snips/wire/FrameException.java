package dev.loihi.snips.wire;

import dev.loihi.proto.link.ErrorCode;
import io.netty.handler.codec.DecoderException;

/**
 * A frame that cannot be read: too long, or not a Frame. Carries the ErrorCode the receiver
 * answers with before it closes the connection.
 */
public final class FrameException extends DecoderException {
    private final ErrorCode code;

    public FrameException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
