package dev.loihi.snips.wire;

import com.google.protobuf.CodedOutputStream;
import dev.loihi.proto.link.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.io.IOException;
import java.util.List;

/**
 * {@link Frame}s to length-prefixed bytes. Stateless, so one instance serves every channel.
 * {@link #encode(ByteBufAllocator, Frame, int)} is also called directly by a writer that
 * encodes on its own thread and writes the bytes (the host side of a TCP link).
 */
@ChannelHandler.Sharable
public final class FrameEncoder extends MessageToMessageEncoder<Frame> {
    private final int maxFrameBytes;

    public FrameEncoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
        out.add(encode(ctx.alloc(), frame, maxFrameBytes));
    }

    /** The frame's length prefix and bytes in one buffer; refuses a frame over {@code maxFrameBytes}. */
    public static ByteBuf encode(ByteBufAllocator alloc, Frame frame, int maxFrameBytes) {
        int size = frame.getSerializedSize();
        if (size > maxFrameBytes) {
            // The proxies budget every frame under the peer's max, so this is a bug, not input.
            throw new EncoderException("frame over the peer's max: bytes=" + size + ", maxFrameBytes=" + maxFrameBytes
                    + ", body=" + frame.getBodyCase());
        }
        ByteBuf buf = alloc.buffer(ProtocolDescriptor.LENGTH_FIELD_BYTES + size);
        try {
            buf.writeInt(size);
            CodedOutputStream cos = CodedOutputStream.newInstance(buf.nioBuffer(buf.writerIndex(), size));
            frame.writeTo(cos);
            cos.checkNoSpaceLeft();
            buf.writerIndex(buf.writerIndex() + size);
            return buf;
        } catch (IOException | RuntimeException e) {
            buf.release();
            throw new EncoderException("frame does not encode: body=" + frame.getBodyCase(), e);
        }
    }
}
