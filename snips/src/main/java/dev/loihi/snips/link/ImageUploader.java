package dev.loihi.snips.link;

import dev.loihi.snips.SnipErrors;
import com.google.protobuf.ByteString;
import dev.loihi.common.LoihiException;
import dev.loihi.proto.link.Frame;
import dev.loihi.proto.link.ImageAck;
import dev.loihi.proto.link.ImageChunk;
import dev.loihi.snips.wire.ErrorFrames;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * Sends an image's bytes in chunks, each with its own CRC32 and the whole image's size and
 * CRC32, keeping at most {@link #WINDOW_CHUNKS} unacknowledged, and checks that every ack
 * matches its chunk and that the last says the image loaded.
 */
final class ImageUploader implements Consumer<Frame> {
    /** Chunks in flight before the host waits for an ack. */
    static final int WINDOW_CHUNKS = 8;

    private final FrameExchange exchange;
    private final long totalBytes;
    private final long[] sentOffsets = new long[WINDOW_CHUNKS + 1];
    private int head;
    private int inFlight;
    private boolean complete;
    private long acked;

    private ImageUploader(FrameExchange exchange, long totalBytes) {
        this.exchange = exchange;
        this.totalBytes = totalBytes;
    }

    static void upload(FrameExchange exchange, byte[] bytes, int chunkBytes) {
        ImageUploader acks = new ImageUploader(exchange, bytes.length);
        CRC32 whole = new CRC32();
        whole.update(bytes);
        exchange.inbound(acks);
        try {
            int offset = 0;
            do {
                int n = Math.min(chunkBytes, bytes.length - offset);
                CRC32 crc = new CRC32();
                crc.update(bytes, offset, n);
                boolean last = offset + n == bytes.length;
                exchange.publish(Frame.newBuilder().setImageChunk(ImageChunk.newBuilder()
                        .setOffset(offset)
                        .setData(ByteString.copyFrom(bytes, offset, n))
                        .setLast(last)
                        .setTotalBytes(bytes.length)
                        .setTotalCrc32((int) whole.getValue())
                        .setChunkCrc32((int) crc.getValue())).build());
                offset += n;
                acks.sent(offset);
                if (acks.inFlight >= WINDOW_CHUNKS || last) {
                    exchange.flush();
                }
                while (acks.inFlight >= WINDOW_CHUNKS) {
                    acks.accept(exchange.next("ImageAck"));
                }
            } while (offset < bytes.length);
            while (!acks.complete) {
                acks.accept(exchange.next("ImageAck"));
            }
        } catch (LoihiException e) {
            // How far the board got: an upload is all or nothing, so the caller sends it again whole.
            throw new LoihiException(e.code(), e.getMessage() + ", ackedBytes=" + acks.acked + ", imageBytes="
                    + bytes.length, e);
        } finally {
            exchange.inbound(null);
        }
    }

    private void sent(long offsetAfter) {
        sentOffsets[(head + inFlight) % sentOffsets.length] = offsetAfter;
        inFlight++;
    }

    @Override
    public void accept(Frame f) {
        if (f.hasError()) {
            throw ErrorFrames.toException(f.getError());
        }
        if (!f.hasImageAck() || inFlight == 0) {
            throw exchange.unexpected("ImageAck", f);
        }
        ImageAck ack = f.getImageAck();
        long expected = sentOffsets[head];
        head = (head + 1) % sentOffsets.length;
        inFlight--;
        if (ack.getReceivedBytes() != expected || ack.getComplete() != (expected == totalBytes)) {
            throw new LoihiException(SnipErrors.LINK_PROTOCOL, "image ack out of step: peer=" + exchange.peer()
                    + ", received=" + ack.getReceivedBytes() + ", expected=" + expected + ", complete=" + ack.getComplete());
        }
        complete = ack.getComplete();
        acked = expected;
    }
}
