package dev.loihi.snips.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.loihi.proto.link.ErrorCode;
import dev.loihi.proto.link.Frame;
import dev.loihi.proto.link.Hello;
import dev.loihi.proto.link.SpikePackets;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
    private static final int MAX = 64 * 1024;

    private static Frame hello(int version) {
        return Frame.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(version).setClient("test")).build();
    }

    private static Frame packets(int words) {
        SpikePackets.Builder b = SpikePackets.newBuilder().setFirstStep(9).addStepDelta(0).addChip(0).addPacketIndex(0)
                .addPacketsInStep(1).addSpikes(words / 2);
        int[] w = new int[words];
        for (int i = 0; i < words; i++) {
            w[i] = i * 7919;
        }
        b.setWordBytes(PackedWords.of(w, words));
        return Frame.newBuilder().setSpikes(b).build();
    }

    private static byte[] bytes(Frame f) {
        ByteBuf buf = FrameEncoder.encode(ByteBufAllocator.DEFAULT, f, MAX);
        byte[] out = new byte[buf.readableBytes()];
        buf.readBytes(out);
        buf.release();
        return out;
    }

    private static ByteBuf raw(int length, byte[] body) {
        return Unpooled.buffer().writeInt(length).writeBytes(body);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void shouldEmitNothingUntilFrameIsWholeWhateverTheFragments(long seed) {
        Random random = new Random(seed);
        Frame first = packets(500);
        Frame second = hello(1);
        byte[] a = bytes(first);
        byte[] b = bytes(second);
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAX));
        int at = 0;
        while (at < all.length) {
            int n = Math.min(all.length - at, 1 + random.nextInt(40));
            ch.writeInbound(Unpooled.wrappedBuffer(all, at, n));
            at += n;
            if (at < a.length) {
                assertNull(ch.readInbound());
            } else if (at == a.length || (at > a.length && at - n < a.length)) {
                assertEquals(first, ch.readInbound());
            }
        }
        assertEquals(second, ch.readInbound());
        assertFalse(ch.finish());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 100})
    void shouldPassOnATruncatedFrameWhenTheConnectionCloses(int received) {
        byte[] frame = bytes(packets(100));
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAX));
        ch.writeInbound(Unpooled.wrappedBuffer(frame, 0, received));
        assertNull(ch.readInbound());
        ch.close();
        long announced = received >= 4 ? frame.length - 4 : -1;
        assertEquals(new TruncatedFrame(received, announced), ch.readInbound());
        assertFalse(ch.finish());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 4, 100})
    void shouldFindTheUnfinishedFrameAfterWholeOnesWithoutReading(int received) {
        byte[] whole = bytes(hello(1));
        byte[] cut = bytes(packets(100));
        ByteBuf in = Unpooled.buffer().writeBytes(whole).writeBytes(whole).writeBytes(cut, 0, received);
        TruncatedFrame expected = received == 0 ? null
                : new TruncatedFrame(received, received >= 4 ? cut.length - 4 : -1);
        assertEquals(expected, FrameDecoder.tail(in));
        assertEquals(2 * whole.length + received, in.readableBytes(), "tail reads nothing");
        in.release();
    }

    @Test
    void shouldReportGarbageBodyAndDecodeTheNextFrame() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAX));
        byte[] garbage = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01, 0x02};
        FrameException e = assertThrows(FrameException.class, () -> ch.writeInbound(raw(garbage.length, garbage)));
        assertEquals(ErrorCode.BAD_FRAME, e.code());
        ch.writeInbound(Unpooled.wrappedBuffer(bytes(hello(1))));
        assertEquals(hello(1), ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void shouldReportFrameWithoutBody() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAX));
        FrameException e = assertThrows(FrameException.class, () -> ch.writeInbound(raw(0, new byte[0])));
        assertEquals(ErrorCode.BAD_FRAME, e.code());
        assertFalse(ch.finish());
    }

    @Test
    void shouldRefuseOversizeLengthBeforeBufferingTheBody() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAX));
        ByteBuf prefixOnly = Unpooled.buffer().writeInt(MAX + 1);
        FrameException e = assertThrows(FrameException.class, () -> ch.writeInbound(prefixOnly));
        assertEquals(ErrorCode.FRAME_TOO_LARGE, e.code());
        // The stream is out of step after a bad length: later bytes, even a good frame, are dropped.
        ch.writeInbound(Unpooled.wrappedBuffer(bytes(hello(1))));
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void shouldTreatLengthAboveSignedRangeAsOversize() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(MAX));
        FrameException e = assertThrows(FrameException.class,
                () -> ch.writeInbound(Unpooled.buffer().writeInt(0xFFFF_FFF0)));
        assertEquals(ErrorCode.FRAME_TOO_LARGE, e.code());
        assertFalse(ch.finish());
    }
}
