package dev.loihi.snips.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loihi.proto.link.Frame;
import dev.loihi.proto.link.ImageChunk;
import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import org.junit.jupiter.api.Test;

class FrameEncoderTest {
    private static Frame chunk(int bytes) {
        return Frame.newBuilder().setImageChunk(ImageChunk.newBuilder().setOffset(0)
                .setData(ByteString.copyFrom(new byte[bytes])).setLast(true).setTotalBytes(bytes)).build();
    }

    @Test
    void shouldPrefixFrameWithItsBigEndianLength() {
        Frame f = chunk(300);
        EmbeddedChannel ch = new EmbeddedChannel(new FrameEncoder(1 << 20));
        ch.writeOutbound(f);
        ByteBuf out = ch.readOutbound();
        assertEquals(f.getSerializedSize(), out.readInt());
        assertEquals(f.getSerializedSize(), out.readableBytes());
        out.release();
        assertFalse(ch.finish());
    }

    @Test
    void shouldRoundTripThroughTheDecoder() {
        Frame f = chunk(5000);
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1 << 20), new FrameEncoder(1 << 20));
        ch.writeOutbound(f);
        ch.writeInbound((Object) ch.readOutbound());
        assertEquals(f, ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void shouldRefuseFrameOverMax() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameEncoder(1000));
        assertThrows(EncoderException.class, () -> ch.writeOutbound(chunk(2000)));
        assertFalse(ch.finish());
    }
}
