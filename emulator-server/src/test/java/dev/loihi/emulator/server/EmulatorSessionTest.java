package dev.loihi.emulator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.loihi.image.ImageErrors;
import dev.loihi.image.ImageWriter;
import dev.loihi.proto.link.ErrorCode;
import dev.loihi.proto.link.Frame;
import dev.loihi.proto.link.Hello;
import dev.loihi.proto.link.ImageChunk;
import dev.loihi.proto.link.ProbeRequest;
import dev.loihi.proto.link.Reset;
import dev.loihi.proto.link.RunMode;
import dev.loihi.proto.link.RunSetup;
import dev.loihi.proto.link.SpikePackets;
import dev.loihi.proto.link.Stop;
import dev.loihi.snips.SpikeWordDescriptor;
import dev.loihi.snips.link.RelayImage;
import dev.loihi.snips.wire.PackedWords;
import dev.loihi.snips.wire.ProtocolDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The board side alone, frame in, frames out: every error class answers with its code. */
class EmulatorSessionTest {
    private final List<Frame> out = new ArrayList<>();
    private boolean closed;
    private EmulatorSession session;

    @BeforeEach
    void open() {
        session = new EmulatorSession(EmulatorBoardConfig.defaults(), new FrameSink() {
            @Override
            public void send(Frame frame) {
                out.add(frame);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {
                closed = true;
            }
        }, "test");
    }

    private static Frame hello(int version) {
        return Frame.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(version)).build();
    }

    private static Frame chunk(byte[] bytes, int chunkCrc) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return Frame.newBuilder().setImageChunk(ImageChunk.newBuilder().setOffset(0).setData(ByteString.copyFrom(bytes))
                .setLast(true).setTotalBytes(bytes.length).setTotalCrc32((int) crc.getValue()).setChunkCrc32(chunkCrc)).build();
    }

    private static Frame image() {
        byte[] bytes = ImageWriter.write(RelayImage.build(4, 1));
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return chunk(bytes, (int) crc.getValue());
    }

    private static Frame setup(int steps, int cap) {
        return Frame.newBuilder().setRunSetup(RunSetup.newBuilder().setSteps(steps).setMode(RunMode.PRECOMPUTE)
                .setMaxSpikesPerStep(cap).addProbes(ProbeRequest.newBuilder().setPort(0).setSpikes(true))).build();
    }

    /** One packet per step on chip 0 with the given address words. */
    private static Frame packets(long firstStep, int[]... stepAddresses) {
        SpikePackets.Builder b = SpikePackets.newBuilder().setFirstStep(firstStep);
        int[] words = new int[1024];
        int n = 0;
        for (int s = 0; s < stepAddresses.length; s++) {
            b.addStepDelta(s).addChip(0).addPacketIndex(0).addPacketsInStep(1).addSpikes(stepAddresses[s].length);
            for (int w : stepAddresses[s]) {
                words[n++] = w;
                words[n++] = SpikeWordDescriptor.discreteTypeWord();
            }
        }
        return Frame.newBuilder().setSpikes(b.setWordBytes(PackedWords.of(words, n))).build();
    }

    private Frame last() {
        return out.get(out.size() - 1);
    }

    private void ready() {
        session.onFrame(hello(ProtocolDescriptor.PROTOCOL_VERSION));
        session.onFrame(image());
        assertTrue(last().getImageAck().getComplete());
    }

    @Test
    void shouldDescribeTheBoardInHelloAck() {
        session.onFrame(hello(ProtocolDescriptor.PROTOCOL_VERSION));
        assertEquals("emulator", last().getHelloAck().getBoard());
        assertTrue(last().getHelloAck().getCapabilitiesList().contains(ProtocolDescriptor.CAPABILITY_INTERACTIVE));
        assertFalse(closed);
    }

    @Test
    void shouldCloseWhenFirstMessageIsNotHello() {
        session.onFrame(Frame.newBuilder().setReset(Reset.getDefaultInstance()).build());
        assertEquals(ErrorCode.UNEXPECTED_MESSAGE, last().getError().getCode());
        assertTrue(closed);
    }

    @Test
    void shouldCloseOnAnotherProtocolVersion() {
        session.onFrame(hello(ProtocolDescriptor.PROTOCOL_VERSION + 1));
        assertEquals(ErrorCode.PROTOCOL_VERSION, last().getError().getCode());
        assertTrue(closed);
    }

    @Test
    void shouldRefuseRunBeforeAnImage() {
        session.onFrame(hello(ProtocolDescriptor.PROTOCOL_VERSION));
        session.onFrame(setup(1, 50));
        assertEquals(ErrorCode.NO_IMAGE, last().getError().getCode());
        assertFalse(closed);
    }

    @Test
    void shouldRefuseChunkWhoseChecksumDoesNotMatch() {
        session.onFrame(hello(ProtocolDescriptor.PROTOCOL_VERSION));
        session.onFrame(chunk(ImageWriter.write(RelayImage.build(4, 1)), 12345));
        assertEquals(ErrorCode.BAD_IMAGE, last().getError().getCode());
        assertEquals(ImageErrors.IMAGE_CHECKSUM, last().getError().getDetailCode());
    }

    @Test
    void shouldRefuseImageThatDoesNotDecodeWithTheReadersCode() {
        session.onFrame(hello(ProtocolDescriptor.PROTOCOL_VERSION));
        byte[] junk = "not an image at all".getBytes();
        CRC32 crc = new CRC32();
        crc.update(junk);
        session.onFrame(chunk(junk, (int) crc.getValue()));
        assertEquals(ErrorCode.BAD_IMAGE, last().getError().getCode());
        assertTrue(last().getError().getDetailCode().startsWith("IMAGE_"), last().getError().getDetailCode());
    }

    @Test
    void shouldRefuseSetupWithCapOfZero() {
        ready();
        session.onFrame(setup(1, 0));
        assertEquals(ErrorCode.BAD_RUN_SETUP, last().getError().getCode());
    }

    @Test
    void shouldRefusePacketOverTheRunsCap() {
        ready();
        session.onFrame(setup(2, 1));
        session.onFrame(packets(0, new int[] {0, 1}));
        assertEquals(ErrorCode.SNIP_OVERFLOW, last().getError().getCode());
        assertEquals(0, last().getError().getStep());
    }

    @Test
    void shouldRefusePacketForAStepAhead() {
        ready();
        session.onFrame(setup(3, 50));
        session.onFrame(packets(1, new int[] {0}));
        assertEquals(ErrorCode.STEP_OUT_OF_ORDER, last().getError().getCode());
    }

    @Test
    void shouldRefuseSpikeToAnAxonTheChipLacks() {
        ready();
        session.onFrame(setup(1, 50));
        session.onFrame(packets(0, new int[] {SpikeWordDescriptor.addressWord(5, 0)}));
        assertEquals(ErrorCode.BAD_SPIKE, last().getError().getCode());
    }

    @Test
    void shouldRefusePacketsBeyondTheRunsSteps() {
        ready();
        session.onFrame(setup(1, 50));
        session.onFrame(packets(0, new int[] {0}, new int[] {0}));
        assertEquals(ErrorCode.STEP_OUT_OF_ORDER, last().getError().getCode());
        assertTrue(out.stream().anyMatch(Frame::hasRunDone));
    }

    @Test
    void shouldAnswerOneErrorThenDiscardTheRestOfTheFailedRun() {
        ready();
        session.onFrame(setup(3, 50));
        session.onFrame(packets(2, new int[] {0}));
        int frames = out.size();
        session.onFrame(packets(3, new int[] {0}));
        session.onFrame(Frame.newBuilder().setStop(Stop.getDefaultInstance()).build());
        assertEquals(frames, out.size());
        session.onFrame(setup(1, 50));
        assertTrue(last().hasRunReady());
    }

    @Test
    void shouldRunAllStepsAndReportSpikesApplied() {
        ready();
        session.onFrame(setup(2, 50));
        session.onFrame(packets(0, new int[] {0, 1}, new int[] {2}));
        session.onInputDrained();
        assertEquals(2, last().getRunDone().getSteps());
        assertEquals(3, last().getRunDone().getSpikesIn());
        assertEquals(2, out.get(out.size() - 2).getProbes().getSteps());
    }

    @Test
    void shouldEndRunEarlyOnStop() {
        ready();
        session.onFrame(setup(5, 50));
        session.onFrame(packets(0, new int[] {0}));
        session.onFrame(Frame.newBuilder().setStop(Stop.getDefaultInstance()).build());
        assertTrue(last().getRunDone().getStopped());
        assertEquals(1, last().getRunDone().getSteps());
    }

    @Test
    void shouldCloseOnMessageOnlyABoardSends() {
        ready();
        session.onFrame(image().toBuilder().clearImageChunk().setRunDone(dev.loihi.proto.link.RunDone.getDefaultInstance())
                .build());
        assertEquals(ErrorCode.UNEXPECTED_MESSAGE, last().getError().getCode());
        assertTrue(closed);
    }
}
