package dev.loihi.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Synapse blocks added to q, and compartments updated, by the native kernel
 * ({@code emulator/src/main/c/synapse_adds.c}, built by gcc with the module and packed into its
 * jar), a batch or a shard's cores per call: its dense loop widens
 * 16-bit weights to whole vectors, which C2 in JDK 17 does not do for the Java loop. Loaded once
 * per JVM from the jar, through one file per library content that later JVMs reuse
 * ({@link NativeLibraryFile}, under {@value #TMPDIR_PROPERTY} or java.io.tmpdir); where that
 * fails (no gcc when the jar was built, another platform) or system property
 * {@value #DISABLE_PROPERTY} is {@code false}, the runtime adds blocks in Java
 * ({@link VectorAdds}) and {@link #unavailabilityCause()} says why. The sums are the same
 * either way.
 */
final class NativeAdds {
    /** {@code -Dloihi.emulator.native=false} keeps the Java adds (the tests of the Java path use it). */
    static final String DISABLE_PROPERTY = "loihi.emulator.native";
    /** Where the library's file is kept (as the board's JNA library has jna.tmpdir); default java.io.tmpdir. */
    static final String TMPDIR_PROPERTY = "loihi.emulator.tmpdir";
    /** The library inside the jar (resource path). */
    static final String RESOURCE = "/dev/loihi/emulator/native/libloihi_emulator.so";

    private static final String CAUSE;
    /** Whether the kernel is loaded and may be called. */
    static final boolean AVAILABLE;

    static {
        String cause = load();
        CAUSE = cause;
        AVAILABLE = cause == null;
    }

    private NativeAdds() {}

    /** Why the kernel is not used, or null when it is. */
    static String unavailabilityCause() {
        return CAUSE;
    }

    /**
     * For b in [0, count): adds the block at {@code offsets[b]} of {@code mem} to q of the core
     * whose first compartment is {@code bases[b]} (NetworkLayout's block format).
     */
    static native void addBlocks(int[] q, short[] mem, int[] offsets, int[] bases, int count);

    /**
     * LOIHI.md step 1 for the shard of cores [lo, hi), in one call: first the host's spikes that
     * arrived for this step (blocks {@code hostBlock[k]} of cores {@code hostCore[k]}, k in
     * [0, hostCount)) as {@link #addBlocks} adds them; then the compartments
     * {@code spikes[0..count)} that spiked: each one's routes ({@code routeTargets} pairs (core,
     * block offset) from {@code 2 * routeStart[i]} on) to cores in [lo, hi) add their blocks to q.
     * Each block adds 2^(its bound bits) to {@code bound[core]}, as NetworkRuntime's Java loop
     * does. {@code prefetch} says what of the spikes further on is fetched into cache while
     * earlier ones are added: one of the {@code PREFETCH_} constants. One crossing and one pinning
     * of the arrays per step, which on a network of a few hundred compartments is a noticeable
     * share of a step.
     */
    static native void deliverStep(int[] q, short[] mem, int[] hostCore, int[] hostBlock, int hostCount, int[] spikes,
            int count, int[] routeStart, int[] routeTargets, int[] coreStart, long[] bound, int lo, int hi, int prefetch);

    /**
     * LOIHI.md step 1 for the blocks another shard posted to this one ({@link SpikeExchange}):
     * for each of the {@code count} pairs (core, block offset) of {@code pairs} from index
     * {@code from}, the block added to the q of the core and 2^(its bound bits) to
     * {@code bound[core]}, as {@link #deliverStep} does for a route. {@code prefetch} as there.
     */
    static native void deliverPairs(int[] q, short[] mem, int[] coreStart, long[] bound, int[] pairs, int from,
            int count, int prefetch);

    /**
     * {@link SpikeExchange#post}: the routes ({@code routeTargets} pairs from
     * {@code 2 * routeStart[i]} on) of the compartments {@code spikes[0..count)}, each pair
     * appended to the region of {@code out} of the shard {@code shardOfCore[core]} (receiver r's
     * region from {@code regions[r]} to {@code regions[r + 1]}), its count of ints in
     * {@code used[SpikeExchange.USED_AT + r]}. Returns -1, or the receiver whose region ran out.
     */
    static native int postRoutes(int[] spikes, int count, int[] routeStart, int[] routeTargets, int[] shardOfCore,
            int[] out, int[] regions, int[] used);

    /**
     * LOIHI.md steps 2..7 for the cores [coreFrom, coreTo), as NetworkRuntime's Java update and
     * spike listing do: a core is updated unless {@code atRest[c]} and {@code bound[c] == 0};
     * then {@code bound[c]} is cleared, q, u, v, the counters and each compartment's flag word
     * written, its spiking compartments appended to {@code spikes} (ascending) and
     * {@code atRest[c]} set. Returns the number of spikes listed, with the OR of the flag words'
     * wrap bits in the high 32 bits.
     */
    static native long updateCores(int[] q, int[] u, int[] v, int[] refract, int[] flags, int[] packedRegisters,
            int[] vth, int[] bias, int[] coreStart, int[] coreVmin, int[] coreVmax, long[] bound, boolean[] atRest,
            boolean[] biasFree, int[] spikes, int coreFrom, int coreTo);

    /**
     * A whole step of a network stepped on one thread ({@code network}: the address
     * {@link #address} gave of a buffer {@link #packNetwork} packed; {@code state}: that of a
     * {@link WholeStepState}'s buffer, which holds q, u, v, the counters, the flag words, the
     * per-core bounds and rest flags and the two spike lists): {@link #deliverStep} for all its
     * cores of the host's {@code hostCount} spikes (at {@code hostAxons}, ints: their input axons'
     * sender ids, {@link RouteRecords#hostIds}) and the {@code count} spikes of list {@code list}
     * (0 or 1), then, unless a core's bound passed an int (the q of
     * that core is to be summed again in 64 bits, which the runtime does in Java),
     * {@link #updateCores} for all its cores, their spikes listed in the other list. Returns what
     * updateCores returns, or {@link #DELIVERED_ONLY}. One crossing and no array pinned a step.
     */
    static native long stepState(long network, long state, int list, int count, long hostAxons, int hostCount,
            int prefetch);

    /**
     * The kernel's spike lister {@code lister} (0 plain, 1 AVX2, 2 AVX-512) alone: the
     * compartments of [from, to) whose flag word has {@link NetworkRuntime#SPIKED}, ascending,
     * into {@code spikes} from 0. Returns their count, with the OR of the flag words in the high
     * 32 bits, or -1 where the processor lacks that lister. For the tests: a step uses the widest.
     */
    static native long listSpikes(int lister, int[] flags, int from, int to, int[] spikes);

    /**
     * The kernel's byte adder {@code width} (0 plain, 1 AVX2, 2 AVX-512) alone: the {@code length}
     * values of a bytes block ({@link NetworkLayout}) from {@code mem[at]}, each shifted by
     * {@code shift}, added to {@code q[first..]}. Returns false where the processor lacks that
     * width. For the tests: the kernel uses the widest.
     */
    static native boolean addByteValues(int width, int[] q, int first, short[] mem, int at, int length, int shift);

    /** Where a direct buffer's memory is, for {@link #stepState}; the caller keeps the buffer reachable. */
    static native long address(ByteBuffer direct);

    /**
     * {@link #stepState}'s delivery alone with the deliverer {@code width} (0 plain, 1 AVX2, 2
     * AVX-512): the host's axons (sender ids) and the compartments' routes of {@code network} (packed by
     * {@link #packNetwork}) added to q and their bounds to {@code bound}, for every core. Returns
     * false where the processor lacks that width. For the tests: a step uses the widest.
     */
    static native boolean deliverWhole(int width, ByteBuffer network, int[] q, long[] bound, int[] hostAxons,
            int hostCount, int[] spikes, int count, int prefetch);

    /**
     * {@link #stepState}'s update alone with the core updater {@code width} (0 plain, 1 AVX2, 2
     * AVX-512): every core of {@code network} as {@link #updateCores} updates them, its spikes
     * listed in {@code out}. Returns what updateCores returns, or {@link #NO_WIDTH} where the
     * processor lacks that width. For the tests: a step uses the widest.
     */
    static native long updateWhole(int width, ByteBuffer network, int[] q, int[] u, int[] v, int[] refract,
            int[] flags, long[] bound, boolean[] atRest, int[] out);

    /** What {@link #updateWhole} returns where the processor lacks the width asked for. */
    static final long NO_WIDTH = Long.MIN_VALUE + 1;

    /** The widest vector the kernel's masked last vector of a block reads, in bytes (AVX-512). */
    static final int VECTOR_BYTES = 64;

    /** {@link #stepState} delivered the step's spikes but updated nothing: a core's q may have overflowed an int. */
    static final long DELIVERED_ONLY = Long.MIN_VALUE;

    /**
     * The arrays of a network that {@link #stepState} reads and never writes, in one direct
     * buffer (native byte order): a header of 14 ints (the number of cores, then each array's
     * byte offset: synapse memory, where each sender's records start (the compartments', then the
     * host's input axons', {@link RouteRecords#hostIds}), the records, then the
     * parameters from {@code coreStart} on in their order, then the reset synapses' weights per
     * compartment and their 2^(bound bits), and the {@link #uniformCores}), then the arrays, each
     * from a 64-byte line.
     * The routes go in as {@link RouteRecords} (resolved against the blocks and core starts), but
     * for the reset synapses {@code resets} takes, which the update adds; synapse memory is
     * followed by at least a vector (64 bytes) of padding, which the kernel's masked last vector of
     * a block reads past the block's end. Null where a route does not fit a record: such a network
     * takes the two calls a step.
     */
    static ByteBuffer packNetwork(int cores, short[] mem, int[] routeStart, int[] routeTargets, int[] coreStart,
                                  int[] packedRegisters, int[] vth, int[] bias, int[] vmin, int[] vmax,
                                  boolean[] biasFree, ResetSynapses resets, int[][] inputTargetStart,
                                  int[][] inputTargets) {
        RouteRecords records = RouteRecords.resolve(mem, routeStart, routeTargets, coreStart, resets, inputTargetStart,
                inputTargets);
        if (records == null) {
            return null;
        }
        Object[] arrays = {mem, records.start(), records.records(), coreStart, packedRegisters, vth, bias, vmin, vmax,
                biasFree, resets.weights(), resets.bounds(),
                uniformCores(coreStart, packedRegisters, vth, resets.weights(), resets.bounds())};
        int[] offsets = new int[arrays.length];
        long size = 64;
        for (int k = 0; k < arrays.length; k++) {
            offsets[k] = (int) size;
            size += (bytes(arrays[k]) + (arrays[k] == mem ? VECTOR_BYTES : 0) + 63) / 64 * 64;
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect(Math.toIntExact(size)).order(ByteOrder.nativeOrder());
        buffer.putInt(0, cores);
        for (int k = 0; k < arrays.length; k++) {
            buffer.putInt(4 * (k + 1), offsets[k]);
            ByteBuffer at = buffer.slice(offsets[k], (int) bytes(arrays[k])).order(ByteOrder.nativeOrder());
            if (arrays[k] instanceof short[] shorts) {
                at.asShortBuffer().put(shorts);
            } else if (arrays[k] instanceof int[] ints) {
                at.asIntBuffer().put(ints);
            } else {
                for (boolean b : (boolean[]) arrays[k]) {
                    at.put((byte) (b ? 1 : 0));
                }
            }
        }
        return buffer;
    }

    /**
     * Per core: whether it has compartments and they all have the same registers, threshold and
     * reset synapse (weight and bound) (every core of a compiled network), which the kernel's update then reads once
     * for the core rather than per compartment.
     */
    static boolean[] uniformCores(int[] coreStart, int[] packedRegisters, int[] vth, int[] resetWeights,
                                  int[] resetBounds) {
        boolean[] uniform = new boolean[coreStart.length - 1];
        for (int c = 0; c < uniform.length; c++) {
            int first = coreStart[c];
            boolean same = coreStart[c + 1] > first;
            for (int i = first + 1; same && i < coreStart[c + 1]; i++) {
                same = packedRegisters[i] == packedRegisters[first] && vth[i] == vth[first]
                        && resetWeights[i] == resetWeights[first] && resetBounds[i] == resetBounds[first];
            }
            uniform[c] = same;
        }
        return uniform;
    }

    private static long bytes(Object array) {
        return array instanceof short[] s ? 2L * s.length : array instanceof int[] i ? 4L * i.length
                : ((boolean[]) array).length;
    }

    /**
     * Each compartment's u factor (0..4095, 12 bits), v factor (1..4096, 13 bits) and refractory
     * delay (1..63) in one int, as {@link #updateCores} reads them: 4 bytes of registers read per
     * compartment instead of 12.
     */
    static int[] packRegisters(int[] uKeep, int[] vKeep, int[] refractDelay) {
        int[] packed = new int[uKeep.length];
        for (int i = 0; i < packed.length; i++) {
            packed[i] = uKeep[i] | vKeep[i] << 12 | refractDelay[i] << 25;
        }
        return packed;
    }

    /** Nothing fetched ahead: synapse memory is small enough to stay in cache. */
    static final int PREFETCH_NONE = 0;
    /** The routes and the first line or two of each block (blocks of a line or so, as a full chip's). */
    static final int PREFETCH_HEADS = 1;
    /** The routes and whole blocks, the rest once the header is in (blocks of several lines). */
    static final int PREFETCH_BLOCKS = 2;

    /**
     * One dense, one sparse and one byte block with negative weights and a shift, against the
     * sums written out (the byte block also checks the byte order the kernel reads them in).
     */
    private static String selfCheck() {
        short[] mem = {2, 1 << 1 | 1, 3, 1, -5, 7, 2, 2 << 1, 4, 0, -3, 2, 9,
            3, NetworkLayout.BYTE_WEIGHTS | 1 << 1 | 1, 8, 0, (short) (-2 & 0xFF | 5 << 8), (short) 0x80};
        int[] q = {100, 1, 2, 300};
        addBlocks(q, mem, new int[] {0, 6, 13}, new int[] {0, 1, 1}, 3);
        int[] expected = {100, 1 + (-5 << 1) + (-3 << 2) + (-2 << 1), 2 + (7 << 1) + (5 << 1),
            300 + (9 << 2) + (-128 << 1)};
        return java.util.Arrays.equals(q, expected) ? null
                : "self-check failed: q=" + java.util.Arrays.toString(q) + ", expected=" + java.util.Arrays.toString(expected);
    }

    private static String load() {
        if ("false".equals(System.getProperty(DISABLE_PROPERTY))) {
            return "disabled by -D" + DISABLE_PROPERTY + "=false";
        }
        if (!System.getProperty("os.name", "").startsWith("Linux") || !"amd64".equals(System.getProperty("os.arch"))) {
            return "built for Linux amd64 only: os=" + System.getProperty("os.name") + "/" + System.getProperty("os.arch");
        }
        try (InputStream in = NativeAdds.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "not in the jar (built without gcc): resource=" + RESOURCE;
            }
            Path dir = Path.of(System.getProperty(TMPDIR_PROPERTY, System.getProperty("java.io.tmpdir")));
            Path file = NativeLibraryFile.extract(in.readAllBytes(), dir, "loihi_emulator");
            System.load(file.toAbsolutePath().toString());
            return selfCheck();
        } catch (IOException | LinkageError | SecurityException | IllegalArgumentException e) {
            return "could not load: " + e;
        }
    }
}
