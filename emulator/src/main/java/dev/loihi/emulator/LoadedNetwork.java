package dev.loihi.emulator;

import dev.loihi.image.Image;

/**
 * A network loaded once and laid out for stepping; its arrays (registers, synapse memory,
 * routes, ports) never change, so any number of {@link Emulator}s on any threads share them and
 * each holds only its own state. Use one per image and one emulator per thread to run
 * independent inputs on several cores.
 */
public final class LoadedNetwork {
    private final NetworkLayout layout;

    private LoadedNetwork(NetworkLayout layout) {
        this.layout = layout;
    }

    /** Loads an image from its registers alone; an image no chip could hold fails as in {@code ImageValidator}. */
    public static LoadedNetwork of(Image image) {
        return new LoadedNetwork(ImageLoader.load(image));
    }

    /** Loads a raw network: each block one core and one SPIKES output port, each input one input port. */
    public static LoadedNetwork of(RawNetwork raw) {
        return new LoadedNetwork(RawLoader.load(raw, "raw network"));
    }

    /**
     * A fresh emulator at step 0 on this network, with state of its own, stepped on as many
     * threads as the network is big enough to gain from (one per processor at most; one for
     * networks under 8,192 compartments on two processors; see {@link #newEmulator(int)}).
     */
    public Emulator newEmulator() {
        return new Emulator(new NetworkRuntime(layout, SteppingThreads.forNetwork(layout.compartmentCount())));
    }

    /**
     * A fresh emulator whose cores are split over {@code threads} threads (at most one per
     * core): the caller's, which runs {@link Emulator#step()}, and daemon threads of its own
     * that wait between steps and end when the emulator is no longer reachable. Traces are bit
     * for bit those of one thread.
     */
    public Emulator newEmulator(int threads) {
        return new Emulator(new NetworkRuntime(layout, SteppingThreads.check(threads, "newEmulator")));
    }

    /**
     * As {@link #newEmulator()}, counting only {@code processors} of the machine's: for callers
     * that run several emulators at once (host workers), so that their threads do not outnumber
     * the processors.
     */
    public Emulator newEmulatorWithin(int processors) {
        return new Emulator(new NetworkRuntime(layout, SteppingThreads.within(layout.compartmentCount(), processors)));
    }

    /** Bytes of the shared arrays; each emulator adds its {@link Emulator#stateBytes()}. */
    public long sharedBytes() {
        return layout.memoryBytes();
    }
}
