package dev.loihi.snips.link;

import java.util.Set;

/**
 * What a board said about itself in HelloAck.
 *
 * @param maxSpikesPerStep the largest snip channel cap the board holds
 */
public record BoardInfo(int protocolVersion, String board, int chips, int coresPerChip, int maxFrameBytes,
                        Set<String> capabilities, int maxSpikesPerStep, long maxImageBytes) {
    public BoardInfo {
        capabilities = Set.copyOf(capabilities);
    }

    public boolean can(String capability) {
        return capabilities.contains(capability);
    }
}
