/*
 * The emulator's native kernel (docs/ARCHITECTURE.md, "Emulator"): adds synapse blocks to q,
 * the hot loop of LOIHI.md step 1. It reads the block layout of NetworkLayout:
 *
 *   dense:  | length | shift<<1 | 1 | bound bits | first | w_0 | ... | w_length-1 |
 *   sparse: | length | shift<<1 | 0 | bound bits | c_0 | w_0 | c_1 | w_1 | ... |
 *
 * Two entry points: addBlocks takes a batch of queued blocks (offset in synapse memory, first
 * compartment of the target core), deliverSpikes walks a step's list of spiking compartments
 * and their routes itself, as NetworkRuntime.deliver does in Java.
 *
 * Sums are taken modulo 2^32 in unsigned arithmetic, as Java's int adds wrap, so the result
 * is bit for bit the Java path's. The dense loop widens 16-bit weights to 32-bit lanes, which
 * gcc vectorises; target_clones picks the AVX-512, AVX2 or plain build at load time.
 */
#include <jni.h>
#include <stdint.h>

enum { DENSE_HEADER = 4, SPARSE_HEADER = 3, BOUND_BITS = 2 };

/*
 * How far ahead of the spike being added its routes, its blocks' first lines and then (their
 * lengths read from those) the rest of its blocks are fetched into cache: a full-chip block is a
 * random line in 21 MB, a dense-blocks one 8 lines in 4 MB, and the adding loop, each block
 * waiting on its own header, would otherwise take the misses one at a time. The rest of a
 * block only where blocks are longer than a line (reading their headers costs the full chip's
 * blocks of 40 bytes more than it gains). Dense blocks, CPU per step at load 16: 128 and 126 us
 * with heads only, 120 and 106 us with the rest too.
 */
enum { BLOCK_AHEAD = 8, BODY_AHEAD = 4, ROUTE_AHEAD = 2 * BLOCK_AHEAD, LINE_SHORTS = 32 };
/* What deliverSpikes fetches ahead (NativeAdds.PREFETCH_*). */
enum { PREFETCH_NONE = 0, PREFETCH_HEADS = 1, PREFETCH_BLOCKS = 2 };

/* One block added to the q of the core whose first compartment is acc. */
static inline __attribute__((always_inline)) void add_block(uint32_t *restrict acc, const int16_t *restrict block) {
    int32_t length = block[0];
    int32_t info = block[1];
    uint32_t shift = (uint32_t) (info >> 1);
    if (info & 1) {
        uint32_t *restrict first = acc + block[DENSE_HEADER - 1];
        const int16_t *restrict w = block + DENSE_HEADER;
        if (length == 1) {
            /* a compartment's reset synapse to itself (half the blocks of a compiled dense network's
               step): one add, not the vector loop's set-up and scalar tail */
            first[0] += (uint32_t) (int32_t) w[0] << shift;
            return;
        }
        for (int32_t k = 0; k < length; k++) {
            first[k] += (uint32_t) (int32_t) w[k] << shift;
        }
    } else {
        const int16_t *restrict pair = block + SPARSE_HEADER;
        for (int32_t k = 0; k < length; k++) {
            acc[pair[2 * k]] += (uint32_t) (int32_t) pair[2 * k + 1] << shift;
        }
    }
}

__attribute__((target_clones("avx512f", "avx2", "default")))
static void add_blocks(uint32_t *restrict q, const int16_t *restrict mem, const int32_t *restrict offsets,
                       const int32_t *restrict bases, int32_t count) {
    for (int32_t b = 0; b < count; b++) {
        add_block(q + bases[b], mem + offsets[b]);
    }
}

/*
 * Fetches lines of the blocks that spike i reaches on cores [lo, hi): their first line and the
 * one 19 shorts on (the last short of a dense block of 16 synapses: a second line when such a
 * block spans two) or, with bodies, the lines after the first, their headers being in cache.
 */
static inline __attribute__((always_inline)) void prefetch_spike(const int16_t *mem, const int32_t *start,
                                                                  const int32_t *pairs, int32_t i, int32_t lo,
                                                                  int32_t hi, int bodies) {
    for (int32_t k = 2 * start[i], e = 2 * start[i + 1]; k < e; k += 2) {
        int32_t c = pairs[k];
        if (c < lo || c >= hi) {
            continue;
        }
        const int16_t *block = mem + pairs[k + 1];
        if (!bodies) {
            __builtin_prefetch(block, 0, 3);
            __builtin_prefetch(block + DENSE_HEADER + 15, 0, 3);
            continue;
        }
        int32_t shorts = (block[1] & 1) ? DENSE_HEADER + block[0] : SPARSE_HEADER + 2 * block[0];
        for (int32_t at = LINE_SHORTS; at < shorts; at += LINE_SHORTS) {
            __builtin_prefetch(block + at, 0, 3);
        }
    }
}

__attribute__((target_clones("avx512f", "avx2", "default")))
static void deliver_spikes(uint32_t *restrict q, const int16_t *restrict mem, const int32_t *restrict spikes,
                           int32_t count, const int32_t *restrict start, const int32_t *restrict pairs,
                           const int32_t *restrict core_start, int64_t *restrict bound, int32_t lo, int32_t hi,
                           int32_t prefetch) {
    for (int32_t s = 0; s < count; s++) {
        if (prefetch) {
            if (s + ROUTE_AHEAD < count) {
                __builtin_prefetch(pairs + 2 * start[spikes[s + ROUTE_AHEAD]], 0, 3);
            }
            if (s + BLOCK_AHEAD < count) {
                prefetch_spike(mem, start, pairs, spikes[s + BLOCK_AHEAD], lo, hi, 0);
            }
            if (prefetch == PREFETCH_BLOCKS && s + BODY_AHEAD < count) {
                prefetch_spike(mem, start, pairs, spikes[s + BODY_AHEAD], lo, hi, 1);
            }
        }
        int32_t i = spikes[s];
        for (int32_t k = 2 * start[i], e = 2 * start[i + 1]; k < e; k += 2) {
            int32_t c = pairs[k];
            if (c >= lo && c < hi) {
                const int16_t *block = mem + pairs[k + 1];
                add_block(q + core_start[c], block);
                bound[c] += (int64_t) 1 << block[BOUND_BITS];
            }
        }
    }
}

/* The arrays of one call, lent in place by HotSpot (critical sections: no copy, for the length of the call). */
typedef struct {
    jarray array;
    void *at;
    jint mode;
} lent;

static int lend(JNIEnv *env, lent *arrays, int n) {
    int ok = 1;
    for (int k = 0; k < n; k++) {
        arrays[k].at = ok ? (*env)->GetPrimitiveArrayCritical(env, arrays[k].array, NULL) : NULL;
        ok &= arrays[k].at != NULL;
    }
    return ok;
}

static void give_back(JNIEnv *env, lent *arrays, int n, int ok) {
    for (int k = n - 1; k >= 0; k--) {
        if (arrays[k].at != NULL) {
            (*env)->ReleasePrimitiveArrayCritical(env, arrays[k].array, arrays[k].at, arrays[k].mode);
        }
    }
    if (!ok) {
        /* only when the JVM is out of memory; thrown once this call returns */
        jclass oom = (*env)->FindClass(env, "java/lang/OutOfMemoryError");
        if (oom != NULL) {
            (*env)->ThrowNew(env, oom, "synapse adds: the JVM could not lend the arrays");
        }
    }
}

/* dev.loihi.emulator.NativeAdds.addBlocks(int[] q, short[] mem, int[] offsets, int[] bases, int count) */
JNIEXPORT void JNICALL Java_dev_loihi_emulator_NativeAdds_addBlocks(JNIEnv *env, jclass cls, jintArray q,
                                                                    jshortArray mem, jintArray offsets,
                                                                    jintArray bases, jint count) {
    (void) cls;
    lent a[] = {{q, NULL, 0}, {mem, NULL, JNI_ABORT}, {offsets, NULL, JNI_ABORT}, {bases, NULL, JNI_ABORT}};
    int ok = lend(env, a, 4);
    if (ok) {
        add_blocks(a[0].at, a[1].at, a[2].at, a[3].at, count);
    }
    give_back(env, a, 4, ok);
}

/*
 * dev.loihi.emulator.NativeAdds.deliverSpikes(int[] q, short[] mem, int[] spikes, int count,
 *     int[] routeStart, int[] routeTargets, int[] coreStart, long[] bound, int lo, int hi, int prefetch)
 */
JNIEXPORT void JNICALL Java_dev_loihi_emulator_NativeAdds_deliverSpikes(
        JNIEnv *env, jclass cls, jintArray q, jshortArray mem, jintArray spikes, jint count, jintArray route_start,
        jintArray route_targets, jintArray core_start, jlongArray bound, jint lo, jint hi, jint prefetch) {
    (void) cls;
    lent a[] = {{q, NULL, 0}, {mem, NULL, JNI_ABORT}, {spikes, NULL, JNI_ABORT}, {route_start, NULL, JNI_ABORT},
                {route_targets, NULL, JNI_ABORT}, {core_start, NULL, JNI_ABORT}, {bound, NULL, 0}};
    int ok = lend(env, a, 7);
    if (ok) {
        deliver_spikes(a[0].at, a[1].at, a[2].at, count, a[3].at, a[4].at, a[5].at, a[6].at, lo, hi, prefetch);
    }
    give_back(env, a, 7, ok);
}

/*
 * A whole step's delivery in one call, for networks small enough that the JNI crossing and the
 * pinning of arrays cost as much as the adds: the host's spikes (pairs (core, block) that arrived
 * for this step) and then the compartments' spikes, as NativeAdds.addBlocks and deliverSpikes do
 * in two calls.
 */
__attribute__((target_clones("avx512f", "avx2", "default")))
static void deliver_host(uint32_t *restrict q, const int16_t *restrict mem, const int32_t *restrict host_core,
                         const int32_t *restrict host_block, int32_t host_count,
                         const int32_t *restrict core_start, int64_t *restrict bound, int32_t lo, int32_t hi) {
    for (int32_t k = 0; k < host_count; k++) {
        int32_t c = host_core[k];
        if (c >= lo && c < hi) {
            const int16_t *block = mem + host_block[k];
            add_block(q + core_start[c], block);
            bound[c] += (int64_t) 1 << block[BOUND_BITS];
        }
    }
}

/*
 * dev.loihi.emulator.NativeAdds.deliverStep(int[] q, short[] mem, int[] hostCore, int[] hostBlock, int hostCount,
 *     int[] spikes, int count, int[] routeStart, int[] routeTargets, int[] coreStart, long[] bound, int lo, int hi,
 *     int prefetch)
 */
JNIEXPORT void JNICALL Java_dev_loihi_emulator_NativeAdds_deliverStep(
        JNIEnv *env, jclass cls, jintArray q, jshortArray mem, jintArray host_core, jintArray host_block,
        jint host_count, jintArray spikes, jint count, jintArray route_start, jintArray route_targets,
        jintArray core_start, jlongArray bound, jint lo, jint hi, jint prefetch) {
    (void) cls;
    lent a[] = {{q, NULL, 0}, {mem, NULL, JNI_ABORT}, {core_start, NULL, JNI_ABORT}, {bound, NULL, 0},
                {host_core, NULL, JNI_ABORT}, {host_block, NULL, JNI_ABORT}, {spikes, NULL, JNI_ABORT},
                {route_start, NULL, JNI_ABORT}, {route_targets, NULL, JNI_ABORT}};
    int ok = lend(env, a, 9);
    if (ok) {
        deliver_host(a[0].at, a[1].at, a[4].at, a[5].at, host_count, a[2].at, a[3].at, lo, hi);
        deliver_spikes(a[0].at, a[1].at, a[6].at, count, a[7].at, a[8].at, a[2].at, a[3].at, lo, hi, prefetch);
    }
    give_back(env, a, 9, ok);
}
