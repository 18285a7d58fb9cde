package dev.loihi.emulator;

import java.util.HashMap;
import java.util.Map;

/**
 * The dense blocks of a small network's route records that add to the same compartments (the
 * same first compartment and length: one layer's units all reaching the next layer), grouped
 * once, so that the whole step collects a group's rows while it walks the spikes and then sums
 * them in registers, each vector of q loaded and stored once a step rather than once a row
 * (synapse_adds.c, add_rows_*). A block whose compartments no other record reaches stays a
 * record of its own. The sums are the same: int adds in any order.
 *
 * <p>Each grouped record's target becomes its group's index and its meta word gets
 * {@link #GROUPED}; {@link #table} holds per group its target (the q index of the first
 * compartment), its length and where its row list starts in a scratch list of {@link #rows}
 * slots, as many as the group's records (a compartment spikes once a step at most).
 */
final class DenseRowGroups {
    /** The bit of a record's meta word that marks its target a group index. */
    static final int GROUPED = 1 << 23;
    /** Ints per group in {@link #table}. */
    static final int INTS = 3;

    final int[] table;
    final int rows;

    private DenseRowGroups(int[] table, int rows) {
        this.table = table;
        this.rows = rows;
    }

    /** Groups the dense blocks of {@code records} ({@link RouteRecords}' format), rewriting the grouped records. */
    static DenseRowGroups group(int[] records) {
        Map<Long, Integer> reaching = new HashMap<>();
        for (int r = 0; r < records.length; r += RouteRecords.INTS) {
            if (groupable(records, r)) {
                reaching.merge(key(records, r), 1, Integer::sum);
            }
        }
        Map<Long, Integer> index = new HashMap<>();
        IntList table = new IntList();
        int rows = 0;
        for (int r = 0; r < records.length; r += RouteRecords.INTS) {
            if (!groupable(records, r) || reaching.get(key(records, r)) < 2) {
                continue;
            }
            long key = key(records, r);
            Integer group = index.get(key);
            if (group == null) {
                group = index.size();
                index.put(key, group);
                table.add(records[r]);
                table.add(records[r + 2] & RouteRecords.LENGTH_MASK);
                table.add(rows);
                rows += reaching.get(key);
            }
            records[r] = group;
            records[r + 2] |= GROUPED;
        }
        return new DenseRowGroups(table.toArray(), rows);
    }

    /** A dense block of more than one synapse (a single synapse is one add already). */
    private static boolean groupable(int[] records, int r) {
        int meta = records[r + 2];
        return (meta & RouteRecords.DENSE) != 0 && (meta & RouteRecords.SINGLE) == 0;
    }

    private static long key(int[] records, int r) {
        return (long) records[r] << 32 | (records[r + 2] & RouteRecords.LENGTH_MASK);
    }
}
