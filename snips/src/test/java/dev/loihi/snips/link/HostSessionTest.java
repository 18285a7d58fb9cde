package dev.loihi.snips.link;

import dev.loihi.snips.SnipErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.proto.link.ErrorCode;
import dev.loihi.proto.link.Frame;
import dev.loihi.proto.link.HelloAck;
import dev.loihi.proto.link.ImageAck;
import dev.loihi.proto.link.ResetDone;
import dev.loihi.proto.link.RunReady;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.wire.ErrorFrames;
import dev.loihi.snips.wire.ProtocolDescriptor;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostSessionTest {
    private static final LinkOptions OPTIONS = LinkOptions.defaults().withIoTimeoutMs(50);

    private static Frame helloAck(int version) {
        return Frame.newBuilder().setHelloAck(HelloAck.newBuilder().setProtocolVersion(version).setBoard("scripted")
                .setChips(1).setCoresPerChip(128).setMaxFrameBytes(ProtocolDescriptor.DEFAULT_MAX_FRAME_BYTES)
                .addCapabilities(ProtocolDescriptor.CAPABILITY_PRECOMPUTE).setMaxSpikesPerStep(1000)
                .setMaxImageBytes(1 << 20)).build();
    }

    /** A board that says hello and acks every image chunk but never answers anything else. */
    private static List<Frame> helloAndAcks(Frame f) {
        if (f.hasHello()) {
            return List.of(helloAck(ProtocolDescriptor.PROTOCOL_VERSION));
        }
        if (f.hasImageChunk()) {
            long end = f.getImageChunk().getOffset() + f.getImageChunk().getData().size();
            return List.of(Frame.newBuilder().setImageAck(ImageAck.newBuilder().setReceivedBytes(end)
                    .setComplete(f.getImageChunk().getLast()).setCores(2)).build());
        }
        return List.of();
    }

    @Test
    void shouldRefuseBoardOfAnotherProtocolVersion() {
        HostSession s = new HostSession(new ScriptedTransport(f -> List.of(helloAck(2))), OPTIONS);
        LoihiException e = assertThrows(LoihiException.class, s::connect);
        assertEquals(SnipErrors.LINK_PROTOCOL_VERSION, e.code());
    }

    @Test
    void shouldRaiseTheBoardsVersionErrorWithItsCode() {
        HostSession s = new HostSession(new ScriptedTransport(
                f -> List.of(ErrorFrames.error(ErrorCode.PROTOCOL_VERSION, "no"))), OPTIONS);
        LoihiException e = assertThrows(LoihiException.class, s::connect);
        assertEquals(SnipErrors.LINK_PROTOCOL_VERSION, e.code());
    }

    @Test
    void shouldTimeOutWhenBoardStaysSilent() {
        HostSession s = new HostSession(new ScriptedTransport(f -> List.of()), OPTIONS);
        LoihiException e = assertThrows(LoihiException.class, s::connect);
        assertEquals(SnipErrors.LINK_TIMEOUT, e.code());
        assertTrue(e.getMessage().contains("expecting=HelloAck"), e.getMessage());
    }

    @Test
    void shouldRefuseEveryCallAfterATimeout() {
        HostSession s = new HostSession(new ScriptedTransport(f -> List.of()), OPTIONS);
        assertThrows(LoihiException.class, s::connect);
        LoihiException e = assertThrows(LoihiException.class, s::connect);
        assertEquals(SnipErrors.LINK_STATE, e.code());
    }

    @Test
    void shouldReportDisconnectWhileWaiting() {
        HostSession s = new HostSession(new ScriptedTransport(f -> {
            throw new LoihiException(SnipErrors.LINK_DISCONNECTED, "gone");
        }), OPTIONS);
        LoihiException e = assertThrows(LoihiException.class, s::connect);
        assertEquals(SnipErrors.LINK_DISCONNECTED, e.code());
    }

    /** The board ends a run with an Error: the host raises it at once, sends no Stop, and the link stays usable. */
    @Test
    void shouldRaiseBoardErrorDuringRunWithoutStoppingOrBreakingTheLink() {
        ScriptedTransport t = new ScriptedTransport(f -> {
            if (f.hasRunSetup()) {
                return List.of(Frame.newBuilder().setRunReady(RunReady.newBuilder().setSteps(3)).build());
            }
            if (f.hasSpikes()) {
                return List.of(ErrorFrames.error(ErrorCode.BAD_SPIKE, "spike to an axon the chip lacks: step=0", 0));
            }
            if (f.hasReset()) {
                return List.of(Frame.newBuilder().setResetDone(ResetDone.getDefaultInstance()).build());
            }
            return helloAndAcks(f);
        });
        HostSession s = new HostSession(t, OPTIONS);
        s.connect();
        s.upload(RelayImage.build(4, 1));
        LoihiException e = assertThrows(LoihiException.class,
                () -> s.runPrecompute(RunSpec.of(3, ChannelConfig.defaults()), SpikeSchedule.empty(3)));
        assertEquals("LINK_BAD_SPIKE", e.code());
        assertTrue(t.sent.stream().noneMatch(Frame::hasStop));
        s.reset();
    }

    @Test
    void shouldRefuseRunBeforeConnect() {
        HostSession s = new HostSession(new ScriptedTransport(HostSessionTest::helloAndAcks), OPTIONS);
        LoihiException e = assertThrows(LoihiException.class,
                () -> s.runPrecompute(RunSpec.of(1, ChannelConfig.defaults()), SpikeSchedule.empty(1)));
        assertEquals(SnipErrors.LINK_STATE, e.code());
    }

    @Test
    void shouldRefuseRunBeforeUpload() {
        HostSession s = new HostSession(new ScriptedTransport(HostSessionTest::helloAndAcks), OPTIONS);
        s.connect();
        LoihiException e = assertThrows(LoihiException.class,
                () -> s.runPrecompute(RunSpec.of(1, ChannelConfig.defaults()), SpikeSchedule.empty(1)));
        assertEquals(SnipErrors.LINK_STATE, e.code());
    }

    @Test
    void shouldRefuseCapAboveWhatTheBoardHolds() {
        HostSession s = new HostSession(new ScriptedTransport(HostSessionTest::helloAndAcks), OPTIONS);
        s.connect();
        s.upload(RelayImage.build(4, 1));
        LoihiException e = assertThrows(LoihiException.class,
                () -> s.runPrecompute(RunSpec.of(1, ChannelConfig.split(1001)), SpikeSchedule.empty(1)));
        assertEquals(dev.loihi.snips.SnipErrors.SNIP_BAD_CONFIG, e.code());
    }

    @Test
    void shouldRefuseModeTheBoardLacks() {
        HostSession s = new HostSession(new ScriptedTransport(HostSessionTest::helloAndAcks), OPTIONS);
        s.connect();
        s.upload(RelayImage.build(4, 1));
        LoihiException e = assertThrows(LoihiException.class,
                () -> s.runInteractive(RunSpec.of(1, ChannelConfig.defaults()), (t, prev, in) -> {}));
        assertEquals(SnipErrors.LINK_BAD_RUN, e.code());
    }

    @Test
    void shouldSendImageInChunksOfTheConfiguredSize() {
        ScriptedTransport t = new ScriptedTransport(HostSessionTest::helloAndAcks);
        HostSession s = new HostSession(t, OPTIONS.withImageChunkBytes(1000));
        s.connect();
        s.upload(RelayImage.build(64, 1));
        List<Frame> chunks = t.sent.stream().filter(Frame::hasImageChunk).toList();
        assertTrue(chunks.size() > 1, "chunks=" + chunks.size());
        assertTrue(chunks.stream().allMatch(c -> c.getImageChunk().getData().size() <= 1000));
        assertTrue(chunks.get(chunks.size() - 1).getImageChunk().getLast());
    }

    @Test
    void shouldRefuseAckThatDoesNotMatchTheChunk() {
        HostSession s = new HostSession(new ScriptedTransport(f -> f.hasHello()
                ? List.of(helloAck(ProtocolDescriptor.PROTOCOL_VERSION))
                : List.of(Frame.newBuilder().setImageAck(ImageAck.newBuilder().setReceivedBytes(1)).build())), OPTIONS);
        s.connect();
        LoihiException e = assertThrows(LoihiException.class, () -> s.upload(RelayImage.build(4, 1)));
        assertEquals(SnipErrors.LINK_PROTOCOL, e.code());
    }
}
