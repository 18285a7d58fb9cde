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

    /** A fresh emulator at step 0 on this network, with state of its own. */
    public Emulator newEmulator() {
        return new Emulator(new NetworkRuntime(layout));
    }

    /** Bytes of the shared arrays; each emulator adds its {@link Emulator#stateBytes()}. */
    public long sharedBytes() {
        return layout.memoryBytes();
    }
}
