package dev.loihi.emulator;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.LongBuffer;

/**
 * The state of a network stepped whole ({@link NativeAdds#stepState}), off the heap: one direct
 * buffer that the kernel reads and writes by its address, so that a step pins no array (pinning
 * and releasing the 11 arrays of a step took about 1,900 instructions and 22 JNI transitions,
 * each with a fence, on the jet tagger's step of about 22,000). Java reads it through typed views
 * of the same memory.
 *
 * <p>Layout (native byte order), each array from a 64-byte line: a header of {@value #FIELDS}
 * ints, the byte offsets of q, u, v, the refractory counters, the flag words, the per-core
 * bounds (longs), the per-core rest flags (bytes) and the two spike lists (one slot more than
 * compartments each). A step delivers the spikes of list {@link #list} and lists its own in the
 * other, which becomes the step's list. The host's spikes (their input axons, as sender ids) are
 * copied before each step from the runtime's array (a dozen on the jet tagger) into a buffer of
 * their own, made again, larger, where they outgrow it.
 */
final class WholeStepState {
    /** The header's fields, as synapse_adds.c reads them (enum ST_*): byte offsets of the arrays. */
    static final int FIELDS = 9;
    private static final int LINE = 64;

    private final int cores;
    private final ByteBuffer region;
    private final long address;
    /** q of every compartment (0 between steps: the step that adds to it clears it). */
    final IntBuffer q;
    final IntBuffer u;
    final IntBuffer v;
    final IntBuffer refract;
    final IntBuffer flags;
    private final LongBuffer bound;
    private final ByteBuffer atRest;
    private final IntBuffer[] lists = new IntBuffer[2];
    /** Which of the two lists holds the last step's spikes. */
    private int list;
    /** The host's spikes of a step, their input axons' sender ids ({@link RouteRecords#hostIds}); made again, larger, where they outgrow it. */
    private ByteBuffer host;
    private long hostAddress;
    private IntBuffer hostAxons;
    private int hostRoom;

    WholeStepState(int compartments, int cores) {
        this.cores = cores;
        int[] bytes = {4 * compartments, 4 * compartments, 4 * compartments, 4 * compartments, 4 * compartments,
                8 * cores, cores, 4 * (compartments + 1), 4 * (compartments + 1)};
        int[] offsets = new int[FIELDS];
        long size = LINE;
        for (int k = 0; k < FIELDS; k++) {
            offsets[k] = Math.toIntExact(size);
            size += (bytes[k] + LINE - 1) / LINE * LINE;
        }
        region = ByteBuffer.allocateDirect(Math.toIntExact(size)).order(ByteOrder.nativeOrder());
        for (int k = 0; k < FIELDS; k++) {
            region.putInt(4 * k, offsets[k]);
        }
        address = NativeAdds.address(region);
        q = ints(region, offsets[0], compartments);
        u = ints(region, offsets[1], compartments);
        v = ints(region, offsets[2], compartments);
        refract = ints(region, offsets[3], compartments);
        flags = ints(region, offsets[4], compartments);
        bound = region.slice(offsets[5], 8 * cores).order(ByteOrder.nativeOrder()).asLongBuffer();
        atRest = region.slice(offsets[6], cores);
        lists[0] = ints(region, offsets[7], compartments + 1);
        lists[1] = ints(region, offsets[8], compartments + 1);
        makeHostRoom(16);
    }

    private static IntBuffer ints(ByteBuffer buffer, int offset, int count) {
        return buffer.slice(offset, 4 * count).order(ByteOrder.nativeOrder()).asIntBuffer();
    }

    private void makeHostRoom(int room) {
        host = ByteBuffer.allocateDirect(4 * room).order(ByteOrder.nativeOrder());
        hostAddress = NativeAdds.address(host);
        hostAxons = host.asIntBuffer();
        hostRoom = room;
    }

    /**
     * One whole step ({@link NativeAdds#stepState}): the host's {@code hostCount} spikes (sender
     * ids) copied in, then the spikes of the current list ({@code count} of them) delivered and
     * the cores updated; on return the other list is the step's. Returns what the kernel returns.
     */
    long step(long network, int[] hostIds, int hostCount, int count, int prefetch) {
        if (hostCount > hostRoom) {
            makeHostRoom(Math.max(hostCount, 2 * hostRoom));
        }
        hostAxons.put(0, hostIds, 0, hostCount);
        long listed = NativeAdds.stepState(network, address, list, count, hostAddress, hostCount, prefetch);
        // the kernel read the buffers by their addresses: they stay reachable until here
        java.lang.ref.Reference.reachabilityFence(region);
        java.lang.ref.Reference.reachabilityFence(host);
        if (listed != NativeAdds.DELIVERED_ONLY) {
            list ^= 1;
        }
        return listed;
    }

    /** The last step's spikes, ascending (as many as the step listed). */
    IntBuffer spikes() {
        return lists[list];
    }

    /**
     * The state copied out to the runtime's arrays after a step that only delivered (a core's q
     * to be summed again in 64 bits, in Java): q, u, v, counters, flags, bounds, rest flags and
     * the step's spikes ({@code count} of them).
     */
    void copyOut(int[] qs, int[] us, int[] vs, int[] refracts, int[] flagWords, long[] bounds, boolean[] rest,
                 int[] spikes, int count) {
        q.get(0, qs);
        u.get(0, us);
        v.get(0, vs);
        refract.get(0, refracts);
        flags.get(0, flagWords);
        bound.get(0, bounds);
        for (int c = 0; c < cores; c++) {
            rest[c] = atRest.get(c) != 0;
        }
        lists[list].get(0, spikes, 0, count);
    }

    /** The arrays {@link #copyOut} filled, once updated in Java, copied back; {@code spikes} becomes the step's list. */
    void copyIn(int[] qs, int[] us, int[] vs, int[] refracts, int[] flagWords, long[] bounds, boolean[] rest,
                int[] spikes, int count) {
        q.put(0, qs);
        u.put(0, us);
        v.put(0, vs);
        refract.put(0, refracts);
        flags.put(0, flagWords);
        bound.put(0, bounds);
        for (int c = 0; c < cores; c++) {
            atRest.put(c, (byte) (rest[c] ? 1 : 0));
        }
        list ^= 1;
        lists[list].put(0, spikes, 0, count);
    }

    /** Everything zero, as a new network's state. */
    void reset() {
        for (int at = LINE, end = region.capacity(); at < end; at += BLANK.length) {
            region.put(at, BLANK, 0, Math.min(BLANK.length, end - at));
        }
        list = 0;
    }

    /** Zeros copied over the state by {@link #reset}. */
    private static final byte[] BLANK = new byte[4096];

    /** Bytes of the buffers. */
    long bytes() {
        return region.capacity() + host.capacity();
    }
}
