package dev.loihi.emulator.server;

import dev.loihi.common.LoihiException;
import dev.loihi.image.ImageLayout;
import dev.loihi.image.ImageReader;
import dev.loihi.snips.SnipErrors;
import dev.loihi.snips.wire.ProtocolDescriptor;
import dev.loihi.snips.wire.SpikePacketsProxy;

/**
 * What the emulator board tells a host in HelloAck. The emulator holds any image the format
 * addresses, so chips defaults to the largest system (768 chips); the snip channel cap is
 * bounded only by what one frame carries.
 *
 * @param chips              chips the board offers
 * @param maxFrameBytes      the largest frame the board accepts
 * @param maxImageBytes      the largest image the board accepts
 * @param maxSpikesPerStep the largest snip channel cap a run may ask for
 */
public record EmulatorBoardConfig(int chips, int maxFrameBytes, long maxImageBytes, int maxSpikesPerStep) {
    public static final String BOARD_NAME = "emulator";
    public static final long DEFAULT_MAX_IMAGE_BYTES = 512L * 1024 * 1024;

    public EmulatorBoardConfig {
        if (chips < 1 || chips > ImageLayout.MAX_CHIPS) {
            throw new LoihiException(SnipErrors.SNIP_BAD_CONFIG, "board chips out of range: chips=" + chips
                    + ", min=1, max=" + ImageLayout.MAX_CHIPS);
        }
        if (maxFrameBytes < ProtocolDescriptor.MIN_MAX_FRAME_BYTES || maxFrameBytes > ProtocolDescriptor.MAX_MAX_FRAME_BYTES) {
            throw new LoihiException(SnipErrors.SNIP_BAD_CONFIG, "board max frame size out of range: maxFrameBytes="
                    + maxFrameBytes + ", min=" + ProtocolDescriptor.MIN_MAX_FRAME_BYTES
                    + ", max=" + ProtocolDescriptor.MAX_MAX_FRAME_BYTES);
        }
        if (maxImageBytes < 1 || maxImageBytes > ImageReader.MAX_FILE_BYTES) {
            throw new LoihiException(SnipErrors.SNIP_BAD_CONFIG, "board max image size out of range: maxImageBytes="
                    + maxImageBytes + ", min=1, max=" + ImageReader.MAX_FILE_BYTES);
        }
        int frameMax = SpikePacketsProxy.maxSpikesPerFrame(maxFrameBytes);
        if (maxSpikesPerStep < 1 || maxSpikesPerStep > frameMax) {
            throw new LoihiException(SnipErrors.SNIP_BAD_CONFIG, "board snip channel cap out of range: maxSpikesPerStep="
                    + maxSpikesPerStep + ", min=1, max=" + frameMax + ", maxFrameBytes=" + maxFrameBytes);
        }
    }

    public static EmulatorBoardConfig defaults() {
        return withFrameBytes(ProtocolDescriptor.DEFAULT_MAX_FRAME_BYTES);
    }

    /** Defaults, with the cap as large as a frame of {@code maxFrameBytes} allows. */
    public static EmulatorBoardConfig withFrameBytes(int maxFrameBytes) {
        return new EmulatorBoardConfig(ImageLayout.MAX_CHIPS, maxFrameBytes, DEFAULT_MAX_IMAGE_BYTES,
                SpikePacketsProxy.maxSpikesPerFrame(maxFrameBytes));
    }
}
