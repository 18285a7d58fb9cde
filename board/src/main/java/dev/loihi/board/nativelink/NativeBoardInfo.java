package dev.loihi.board.nativelink;

/** What {@code loihi_describe} reports about an open board. */
public record NativeBoardInfo(int abiVersion, String name, int chips, int coresPerChip, int maxPacketSpikes,
                              long maxImageBytes, int capabilities) {
    public boolean can(int capabilityBit) {
        return (capabilities & capabilityBit) != 0;
    }
}
