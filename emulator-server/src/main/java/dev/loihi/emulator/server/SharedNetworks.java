package dev.loihi.emulator.server;

import dev.loihi.emulator.Emulator;
import dev.loihi.emulator.LoadedNetwork;
import dev.loihi.image.Image;
import dev.loihi.image.ImageReader;
import java.lang.ref.WeakReference;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Networks loaded from uploaded images, shared by the sessions that upload the same bytes. A
 * {@link LoadedNetwork} never changes, so sessions on the same image need only an emulator each:
 * host workers that upload one image over several links pay its load once. An entry is held
 * weakly, so it lives exactly as long as some session still runs it. Thread-safe: sessions on
 * different threads may load at once; loads of the same image wait for the first.
 */
public final class SharedNetworks {
    /** What a session runs of an image: the image, where host spikes enter, and the network they enter. */
    record Loaded(Image image, ChipIngress ingress, LoadedNetwork network) {}

    /** An uploaded image's bytes, named by their hash, and the image they hold. */
    record Upload(String key, Image image) {}

    private final Map<String, Slot> slots = new HashMap<>();
    /** Processors each session's emulator may step on: all of them, or a share when sessions run side by side. */
    private final int processorsPerSession;

    /** For sessions that may each step on every processor (a server's clients come and go). */
    public SharedNetworks() {
        this(Runtime.getRuntime().availableProcessors());
    }

    private SharedNetworks(int processorsPerSession) {
        this.processorsPerSession = processorsPerSession;
    }

    /**
     * For {@code sessions} that step side by side (a host's workers): each emulator gets an
     * equal share of the processors, so a big network's stepping threads do not outnumber them.
     */
    public static SharedNetworks forSessions(int sessions) {
        return new SharedNetworks(Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, sessions)));
    }

    /** A fresh emulator on {@code network}, within this owner's share of the processors. */
    Emulator newEmulator(LoadedNetwork network) {
        return network.newEmulatorWithin(processorsPerSession);
    }

    /**
     * The image in uploaded file bytes: the one a session already runs when it uploaded the same
     * bytes (decoded and validated then; images never change), else read from {@code bytes} now,
     * failing as {@link ImageReader#read} does. A host's workers upload one image each.
     */
    Upload upload(byte[] bytes, String source) {
        String key = sha256(bytes);
        Slot slot;
        synchronized (slots) {
            slot = slots.get(key);
        }
        Loaded live = slot == null ? null : slot.live();
        return new Upload(key, live != null ? live.image() : ImageReader.read(bytes, source));
    }

    /** The loaded form of an upload's image: shared, or loaded now. */
    Loaded load(Upload upload) {
        Slot slot;
        synchronized (slots) {
            slots.values().removeIf(Slot::cleared);
            slot = slots.computeIfAbsent(upload.key(), k -> new Slot());
        }
        return slot.get(upload.image());
    }

    /** How many loaded networks are held for sessions now. */
    int size() {
        synchronized (slots) {
            slots.values().removeIf(Slot::cleared);
            return slots.size();
        }
    }

    /**
     * One image's entry; its lock makes a second session wait for the load under way rather than
     * repeat it. Until its first load ends it counts as in use, so it is not dropped meanwhile.
     */
    private static final class Slot {
        private volatile WeakReference<Loaded> ref = new WeakReference<>(null);
        private volatile boolean fresh = true;

        synchronized Loaded get(Image image) {
            try {
                Loaded loaded = ref.get();
                if (loaded == null) {
                    ChipIngress ingress = ChipIngress.of(image);
                    loaded = new Loaded(image, ingress, LoadedNetwork.of(ingress.chipImage()));
                    ref = new WeakReference<>(loaded);
                }
                return loaded;
            } finally {
                fresh = false;
            }
        }

        /** What a session runs now, or null. */
        Loaded live() {
            return ref.get();
        }

        boolean cleared() {
            return !fresh && ref.get() == null;
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
