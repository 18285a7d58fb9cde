package dev.loihi.compiler.pack;

import dev.loihi.common.LoihiException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct values of one per-core register table (compartment profiles, thresholds,
 * synapse formats) in first-use order, refusing more than the core holds.
 */
final class ProfileTable<T> {
    private final String code;
    private final String table;
    private final int limit;
    private final String where;
    private final Map<T, Integer> index = new HashMap<>();
    private final List<T> entries = new ArrayList<>();

    /** @param where the core, as {@code layer=.., core=..} for messages */
    ProfileTable(String code, String table, int limit, String where) {
        this.code = code;
        this.table = table;
        this.limit = limit;
        this.where = where;
    }

    int indexOf(T value) {
        Integer i = index.get(value);
        if (i != null) {
            return i;
        }
        if (entries.size() == limit) {
            throw new LoihiException(code, "too many distinct " + table + " on one core: " + where + ", limit="
                    + table + ", max=" + limit + ", actual=" + (limit + 1));
        }
        index.put(value, entries.size());
        entries.add(value);
        return entries.size() - 1;
    }

    List<T> entries() {
        return List.copyOf(entries);
    }
}
