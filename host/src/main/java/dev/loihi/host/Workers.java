package dev.loihi.host;

import dev.loihi.common.LoihiException;
import dev.loihi.emulator.server.SharedNetworks;
import dev.loihi.image.Image;
import dev.loihi.snips.link.BoardLink;
import dev.loihi.snips.link.LinkOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The links of a run's workers, each connected, with the image uploaded and a presenter of its
 * own. Every worker has its own link: a session over TCP (the server gives each its own
 * emulator), or an in-process emulator; the in-process ones share one loaded network.
 */
public final class Workers implements AutoCloseable {
    private final List<BoardLink> links = new ArrayList<>();
    private final List<Presenter> presenters = new ArrayList<>();

    private Workers() {}

    /** Opens {@code count} links to {@code target} and uploads {@code image} on each; a failure closes those opened. */
    public static Workers open(String target, LinkOptions options, int count, Image image,
                               Function<BoardLink, Presenter> presenter) {
        Workers w = new Workers();
        // the workers step side by side: each emulator gets its share of the processors
        SharedNetworks networks = SharedNetworks.forSessions(count);
        try {
            for (int k = 0; k < count; k++) {
                BoardLink link = Targets.open(target, options, networks);
                w.links.add(link);
                try {
                    link.connect();
                    link.upload(image);
                } catch (LoihiException e) {
                    // A board may take fewer connections than the workers asked for: say which one failed.
                    throw count == 1 ? e : new LoihiException(e.code(), e.getMessage() + ", worker=" + (k + 1)
                            + ", workers=" + count, e);
                }
                w.presenters.add(presenter.apply(link));
            }
        } catch (RuntimeException e) {
            try {
                w.close();
            } catch (RuntimeException c) {
                e.addSuppressed(c);
            }
            throw e;
        }
        return w;
    }

    public List<Presenter> presenters() {
        return List.copyOf(presenters);
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (BoardLink link : links) {
            try {
                link.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        links.clear();
        if (first != null) {
            throw first;
        }
    }
}
