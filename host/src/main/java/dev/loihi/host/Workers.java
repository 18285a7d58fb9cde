package dev.loihi.host;

import dev.loihi.common.LoihiException;
import dev.loihi.emulator.server.SharedNetworks;
import dev.loihi.image.Image;
import dev.loihi.snips.link.BoardLink;
import dev.loihi.snips.link.LinkOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The links of a run's workers, each connected, with the image uploaded and a presenter of its
 * own. Every worker has its own link: a session over TCP (the server gives each its own
 * emulator), or an in-process emulator; the in-process ones share one loaded network. The
 * links may go to several boards (a pool), each with its own count.
 */
public final class Workers implements AutoCloseable {
    private final List<BoardLink> links = new ArrayList<>();
    private final List<Presenter> presenters = new ArrayList<>();
    private final List<Integer> boards = new ArrayList<>();
    /** Boards that failed in a run: their links refuse every later call, so later runs leave them out. */
    private final Set<Integer> down = new HashSet<>();
    private BoardPool pool;

    private Workers() {}

    /** Opens {@code count} links to {@code target} and uploads {@code image} on each; a failure closes those opened. */
    public static Workers open(String target, LinkOptions options, int count, Image image,
                               Function<BoardLink, Presenter> presenter) {
        return open(BoardPool.of(target), options, new int[] {count}, image, presenter);
    }

    /**
     * Opens {@code perBoard[b]} links to board {@code b} of {@code pool} and uploads {@code image}
     * on each; a failure closes those opened. The presenters take turns between boards (the first
     * of each board, then the second...), so that a run with fewer inputs than links uses them all.
     */
    public static Workers open(BoardPool pool, LinkOptions options, int[] perBoard, Image image,
                               Function<BoardLink, Presenter> presenter) {
        if (perBoard.length != pool.size()) {
            throw new IllegalArgumentException("one worker count per board: boards=" + pool.size() + ", counts="
                    + perBoard.length);
        }
        Workers w = new Workers();
        List<List<Presenter>> byBoard = new ArrayList<>();
        try {
            for (int b = 0; b < pool.size(); b++) {
                byBoard.add(w.openBoard(pool, b, perBoard[b], options, image, presenter));
            }
        } catch (RuntimeException e) {
            try {
                w.close();
            } catch (RuntimeException c) {
                e.addSuppressed(c);
            }
            throw e;
        }
        for (int rank = 0; w.presenters.size() < w.links.size(); rank++) {
            for (int b = 0; b < byBoard.size(); b++) {
                if (rank < byBoard.get(b).size()) {
                    w.presenters.add(byBoard.get(b).get(rank));
                    w.boards.add(b);
                }
            }
        }
        w.pool = pool;
        return w;
    }

    private List<Presenter> openBoard(BoardPool pool, int board, int count, LinkOptions options, Image image,
                                      Function<BoardLink, Presenter> presenter) {
        String target = pool.targets().get(board);
        // the workers step side by side: each emulator gets its share of the processors
        SharedNetworks networks = SharedNetworks.forSessions(count);
        List<Presenter> opened = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            BoardLink link = Targets.open(target, options, networks);
            links.add(link);
            try {
                link.connect();
                link.upload(image);
            } catch (LoihiException e) {
                // A board may take fewer connections than the workers asked for: say which one failed.
                String where = (count == 1 ? "" : ", worker=" + (k + 1) + ", workers=" + count)
                        + (pool.size() == 1 ? "" : ", board=" + target);
                throw where.isEmpty() ? e : new LoihiException(e.code(), e.getMessage() + where, e);
            }
            opened.add(presenter.apply(link));
        }
        return opened;
    }

    /** The boards the presenters are on. */
    public BoardPool pool() {
        return pool;
    }

    /** The board (index into {@link #pool()}) of each presenter, in the order of {@link #presenters()}. */
    public int[] boards() {
        return boards.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Board {@code board} failed part way through a run: its presenters take no more inputs. */
    void boardDown(int board) {
        down.add(board);
    }

    boolean isDown(int board) {
        return down.contains(board);
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
