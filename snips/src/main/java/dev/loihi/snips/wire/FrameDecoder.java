package dev.loihi.snips.wire;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.loihi.proto.link.ErrorCode;
import dev.loihi.proto.link.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Inbound bytes to {@link Frame}s. Emits nothing until a whole frame has arrived. A body that
 * is not a Frame (or a Frame without a body) raises {@link FrameException} BAD_FRAME and the
 * decoder carries on with the next frame, since the length prefix kept the stream in step. A
 * length above {@code maxFrameBytes} raises FRAME_TOO_LARGE before any of the body is
 * buffered; the stream is then out of step, so every later byte is discarded. A connection
 * that closes inside a frame yields a {@link TruncatedFrame} instead of losing the bytes silently.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private int maxFrameBytes;
    private boolean outOfStep;

    public FrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    /** Changes the limit from the next frame on (the server raises it once a Hello is accepted). */
    public void maxFrameBytes(int bytes) {
        maxFrameBytes = bytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (outOfStep) {
            in.skipBytes(in.readableBytes());
            return;
        }
        Frame frame;
        try {
            frame = next(in, maxFrameBytes);
        } catch (FrameException e) {
            if (e.code() == ErrorCode.FRAME_TOO_LARGE) {
                outOfStep = true;
                in.skipBytes(in.readableBytes());
            }
            throw e;
        }
        if (frame != null) {
            out.add(frame);
        }
    }

    /**
     * The unfinished frame at the end of {@code in} once its whole frames are read, or null when
     * it ends on a frame boundary: what a connection closed at this point cut off. Reads nothing.
     */
    public static TruncatedFrame tail(ByteBuf in) {
        int at = in.readerIndex();
        int end = in.writerIndex();
        while (end - at >= ProtocolDescriptor.LENGTH_FIELD_BYTES) {
            long whole = ProtocolDescriptor.LENGTH_FIELD_BYTES + in.getUnsignedInt(at);
            if (end - at < whole) {
                return new TruncatedFrame(end - at, whole - ProtocolDescriptor.LENGTH_FIELD_BYTES);
            }
            at += (int) whole;
        }
        return at == end ? null : new TruncatedFrame(end - at, -1);
    }

    /**
     * The next whole frame of {@code in}, or null (nothing consumed) until all its bytes are there.
     * The length is checked against {@code maxFrameBytes} from the prefix alone, before the body
     * is awaited, so an oversize frame is refused without buffering it.
     */
    public static Frame next(ByteBuf in, int maxFrameBytes) {
        if (in.readableBytes() < ProtocolDescriptor.LENGTH_FIELD_BYTES) {
            return null;
        }
        long length = in.getUnsignedInt(in.readerIndex());
        if (length > maxFrameBytes) {
            throw new FrameException(ErrorCode.FRAME_TOO_LARGE, "frame too large: bytes=" + length
                    + ", maxFrameBytes=" + maxFrameBytes);
        }
        if (in.readableBytes() < ProtocolDescriptor.LENGTH_FIELD_BYTES + length) {
            return null;
        }
        in.skipBytes(ProtocolDescriptor.LENGTH_FIELD_BYTES);
        ByteBuf body = in.readSlice((int) length);
        Frame frame;
        try {
            frame = Frame.parseFrom(body.nioBuffer());
        } catch (InvalidProtocolBufferException e) {
            throw new FrameException(ErrorCode.BAD_FRAME, "frame does not decode: bytes=" + length
                    + ", reason=" + e.getMessage());
        }
        if (frame.getBodyCase() == Frame.BodyCase.BODY_NOT_SET) {
            throw new FrameException(ErrorCode.BAD_FRAME, "frame has no known message: bytes=" + length);
        }
        return frame;
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        super.decodeLast(ctx, in, out);
        int left = in.readableBytes();
        if (left > 0 && !outOfStep) {
            long frameBytes = left >= ProtocolDescriptor.LENGTH_FIELD_BYTES ? in.getUnsignedInt(in.readerIndex()) : -1;
            in.skipBytes(left);
            out.add(new TruncatedFrame(left, frameBytes));
        }
    }
}
