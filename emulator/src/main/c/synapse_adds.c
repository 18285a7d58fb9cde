/*
 * The emulator's native kernel (docs/ARCHITECTURE.md, "Emulator"): adds synapse blocks to q,
 * the hot loop of LOIHI.md step 1, and updates the compartments (steps 2..7). It reads the block
 * layout of NetworkLayout:
 *
 *   dense:  | length | shift<<1 | 1 | bound bits | first | w_0 | ... | w_length-1 |
 *   sparse: | length | shift<<1 | 0 | bound bits | c_0 | w_0 | c_1 | w_1 | ... |
 *   bytes:  | length | 0x40 | shift<<1 | 1 | bound bits | first | w_1:w_0 | w_3:w_2 | ... |
 *
 * (the third a dense block whose values all fit a signed byte, two to a short, the lower
 * compartment's in the low byte, so that this little-endian machine reads them as consecutive
 * int8: half the bytes a spike reads, and one vpmovsxbd widens 16 of them; see add_bytes).
 *
 * Four entry points: addBlocks takes a batch of queued blocks (offset in synapse memory, first
 * compartment of the target core), deliverStep walks a step's host spikes and list of spiking
 * compartments and their routes itself, as NetworkRuntime.deliver does in Java, updateCores
 * updates a shard's cores and lists their spikes, as NetworkRuntime.updateInJava does, and
 * stepState does both for a small network on one thread, with loops of its own (route records,
 * hand-written vectors with masked ends; see deliver_resolved and update_core_avx512). The
 * tests' entries deliverWhole, updateWhole, listSpikes and addByteValues run those loops at a
 * given width.
 *
 * Sums are taken modulo 2^32 in unsigned arithmetic, as Java's int adds wrap, so the result
 * is bit for bit the Java path's. The dense loop widens 16-bit weights to 32-bit lanes, which
 * gcc vectorises; target_clones picks the AVX-512, AVX2 or plain build at load time. Byte values
 * are widened by hand-written loops (gcc's took two steps), the widest picked at load time too.
 */
#include <jni.h>
#include <stdint.h>
#include <immintrin.h>

enum { DENSE_HEADER = 4, SPARSE_HEADER = 3, BOUND_BITS = 2 };
/* A block's second short: bit 0 dense, the shift in bits 1..5, BYTE_WEIGHTS for the bytes form. */
enum { SHIFT_MASK = 31, BYTE_WEIGHTS = 0x40 };

/*
 * first[k] += w[k] << shift for the int8 values of a bytes block, written by hand for each width:
 * gcc widens int8 to int32 in two steps on ymm registers (vpmovsxbw, vpmovsxwd) and shifts by an
 * xmm count, which made byte blocks slower than shorts (docs/BENCHMARKS.md, session 8). Here one
 * vpmovsxbd widens 16 (AVX-512) or 8 (AVX2) values, vpsllvd shifts them, and blocks with shift 0
 * (weights with an odd value) skip the shift; the last values one by one, so that nothing is read
 * past the block. The widest this processor runs is picked at load time (add_bytes).
 */
typedef void (*byte_adder)(uint32_t *restrict first, const int8_t *restrict w, int32_t length, uint32_t shift);

static void bytes_plain(uint32_t *restrict first, const int8_t *restrict w, int32_t length, uint32_t shift) {
    for (int32_t k = 0; k < length; k++) {
        first[k] += (uint32_t) (int32_t) w[k] << shift;
    }
}

__attribute__((target("avx2")))
static void bytes_avx2(uint32_t *restrict first, const int8_t *restrict w, int32_t length, uint32_t shift) {
    __m256i count = _mm256_set1_epi32((int) shift);
    intptr_t k = 0;
    for (intptr_t whole = length & ~7; k < whole; k += 8) {
        __m256i add = _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *) (w + k)));
        add = shift ? _mm256_sllv_epi32(add, count) : add;
        _mm256_storeu_si256((__m256i *) (first + k), _mm256_add_epi32(_mm256_loadu_si256((__m256i *) (first + k)), add));
    }
    bytes_plain(first + k, w + k, (int32_t) (length - k), shift);
}

__attribute__((target("avx512f")))
static void bytes_avx512(uint32_t *restrict first, const int8_t *restrict w, int32_t length, uint32_t shift) {
    intptr_t k = 0;
    intptr_t whole = length & ~15;
    if (shift == 0) {
        for (; k < whole; k += 16) {
            __m512i add = _mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i *) (w + k)));
            _mm512_storeu_si512(first + k, _mm512_add_epi32(_mm512_loadu_si512(first + k), add));
        }
    } else {
        __m512i count = _mm512_set1_epi32((int) shift);
        for (; k < whole; k += 16) {
            __m512i add = _mm512_sllv_epi32(_mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i *) (w + k))), count);
            _mm512_storeu_si512(first + k, _mm512_add_epi32(_mm512_loadu_si512(first + k), add));
        }
    }
    bytes_plain(first + k, w + k, (int32_t) (length - k), shift);
}

static byte_adder add_bytes = bytes_plain;

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
/* What deliver_spikes fetches ahead (NativeAdds.PREFETCH_*). */
enum { PREFETCH_NONE = 0, PREFETCH_HEADS = 1, PREFETCH_BLOCKS = 2 };

/* One block added to the q of the core whose first compartment is acc. */
static inline __attribute__((always_inline)) void add_block(uint32_t *restrict acc, const int16_t *restrict block) {
    int32_t length = block[0];
    int32_t info = block[1];
    uint32_t shift = (uint32_t) ((info >> 1) & SHIFT_MASK);
    if (info & 1) {
        uint32_t *restrict first = acc + block[DENSE_HEADER - 1];
        const int16_t *restrict w = block + DENSE_HEADER;
        if (length == 1) {
            /* a compartment's reset synapse to itself (half the blocks of a compiled dense network's
               step): one add, not the vector loop's set-up and scalar tail */
            int32_t value = (info & BYTE_WEIGHTS) ? (int8_t) w[0] : w[0];
            first[0] += (uint32_t) value << shift;
            return;
        }
        if (info & BYTE_WEIGHTS) {
            add_bytes(first, (const int8_t *) w, length, shift);
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
 * Fetches lines of a block: its first line and the one 19 shorts on (the last short of a dense
 * block of 16 synapses: a second line when such a block spans two) or, with bodies, the lines
 * after the first, its header being in cache.
 */
static inline __attribute__((always_inline)) void prefetch_block(const int16_t *block, int bodies) {
    if (!bodies) {
        __builtin_prefetch(block, 0, 3);
        __builtin_prefetch(block + DENSE_HEADER + 15, 0, 3);
        return;
    }
    int32_t info = block[1];
    int32_t shorts = !(info & 1) ? SPARSE_HEADER + 2 * block[0]
                   : DENSE_HEADER + ((info & BYTE_WEIGHTS) ? (block[0] + 1) / 2 : block[0]);
    for (int32_t at = LINE_SHORTS; at < shorts; at += LINE_SHORTS) {
        __builtin_prefetch(block + at, 0, 3);
    }
}

/* Fetches lines of the blocks that spike i reaches on cores [lo, hi) (prefetch_block). */
static inline __attribute__((always_inline)) void prefetch_spike(const int16_t *mem, const int32_t *start,
                                                                  const int32_t *pairs, int32_t i, int32_t lo,
                                                                  int32_t hi, int bodies) {
    for (int32_t k = 2 * start[i], e = 2 * start[i + 1]; k < e; k += 2) {
        int32_t c = pairs[k];
        if (c >= lo && c < hi) {
            prefetch_block(mem + pairs[k + 1], bodies);
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

/*
 * LOIHI.md steps 2..7, NetworkRuntime.update written again: the same int arithmetic (the build's
 * -fwrapv makes signed overflow wrap as Java's does; left shifts are taken unsigned), the same
 * flag word per compartment, so the state is bit for bit the Java path's.
 */
enum { Q_WRAP_SHIFT = 32 - 22, U_WRAP_SHIFT = 32 - 24 };
enum { SPIKED = 1, Q_WRAPPED = 2, U_WRAPPED = 4, U2_WRAPPED = 8, LIVE = 16 };

/* x wrapped to 32 - shift bits (sign included). */
static inline __attribute__((always_inline)) int32_t wrap(int32_t x, int shift) {
    return (int32_t) ((uint32_t) x << shift) >> shift;
}

/* 1 for any x but 0. */
static inline __attribute__((always_inline)) int32_t nonzero(int32_t x) {
    return (int32_t) ((uint32_t) (x | -x) >> 31);
}

/* sign(x) * ((|x| * factor) >> 12), |x| split as a * 4096 + b so that each product fits 24 bits. */
static inline __attribute__((always_inline)) int32_t decay(int32_t x, int32_t factor) {
    int32_t sign = x >> 31;
    uint32_t mag = (uint32_t) ((x ^ sign) - sign);
    int32_t kept = (int32_t) ((mag >> 12) * (uint32_t) factor + (((mag & 4095) * (uint32_t) factor) >> 12));
    return (kept ^ sign) - sign;
}

/*
 * A compartment's u and v decay factors and refractory delay in one int (NativeAdds.packRegisters):
 * the update reads its registers from memory (L3 on a full chip), so fewer bytes is a faster step.
 */
enum { U_KEEP_BITS = 12, V_KEEP_BITS = 13 };

/* Compartments [from, to) of one core: a loop without a branch, which gcc vectorises. */
static inline __attribute__((always_inline)) void update_compartments(
        int32_t *restrict q, int32_t *restrict u, int32_t *restrict v, int32_t *restrict refract,
        int32_t *restrict flags, const int32_t *restrict packed, const int32_t *restrict vth,
        const int32_t *restrict bias, int32_t from, int32_t to, int32_t vmin, int32_t vmax) {
    for (int32_t i = from; i < to; i++) {
        uint32_t registers = (uint32_t) packed[i];
        int32_t u_factor = (int32_t) (registers & ((1u << U_KEEP_BITS) - 1));
        int32_t v_factor = (int32_t) ((registers >> U_KEEP_BITS) & ((1u << V_KEEP_BITS) - 1));
        int32_t delay = (int32_t) (registers >> (U_KEEP_BITS + V_KEEP_BITS));
        int32_t q_raw = q[i];
        q[i] = 0;
        int32_t q_now = wrap(q_raw, Q_WRAP_SHIFT);
        int32_t u_raw = decay(u[i], u_factor) + q_now;
        int32_t u_new = wrap(u_raw, U_WRAP_SHIFT);
        u[i] = u_new;
        int32_t u2_raw = u_new + bias[i];
        int32_t u2 = wrap(u2_raw, U_WRAP_SHIFT);
        int32_t v_sum = decay(v[i], v_factor) + u2;
        int32_t over = v_sum - vmax;
        v_sum -= over & ~(over >> 31);
        int32_t under = vmin - v_sum;
        int32_t v_new = v_sum + (under & ~(under >> 31));
        int32_t r = refract[i];
        int32_t resting = -r >> 31;
        int32_t fire = ((vth[i] - v_new) >> 31) & ~resting;
        int32_t v_out = v_new & ~(resting | fire);
        int32_t r_out = ((r - 1) & resting) | ((delay - 1) & fire);
        v[i] = v_out;
        refract[i] = r_out;
        flags[i] = (fire & SPIKED) | nonzero(q_raw ^ q_now) << 1 | nonzero(u_raw ^ u_new) << 2
                | nonzero(u2_raw ^ u2) << 3 | nonzero(u_new | v_out | r_out) << 4;
    }
}

/*
 * Appends the compartments of [from, to) whose flag word has SPIKED to spikes (ascending) from
 * spikes[count]; returns the new count and ORs every flag word into *any. In a compiled network
 * about one compartment in seven spikes a step: the vector versions turn 16 (AVX-512) or 8 (AVX2)
 * flag words at a time into a mask of their spike bits and list only its set bits, where the
 * plain one stores every index and moves on by the spike bit (no branch). gcc does not vectorise
 * a mask out of the plain loop, hence the intrinsics (update_core_avx2 and update_core_avx512 list
 * spikes from their fire masks in the same way; the tests run each lister alone).
 */
typedef int32_t (*spike_lister)(const int32_t *restrict, int32_t, int32_t, int32_t *restrict, int32_t, int32_t *);

static int32_t list_plain(const int32_t *restrict flags, int32_t from, int32_t to, int32_t *restrict spikes,
                          int32_t count, int32_t *any) {
    int32_t seen = 0;
    for (int32_t i = from; i < to; i++) {
        int32_t f = flags[i];
        spikes[count] = i;
        count += f & SPIKED;
        seen |= f;
    }
    *any = seen;
    return count;
}

/* Appends i + k to spikes for every set bit k of mask, lowest first; returns the new count. */
static inline __attribute__((always_inline)) int32_t append_bits(int32_t *restrict spikes, int32_t count,
                                                                 uint32_t mask, int32_t i) {
    while (mask != 0) {
        spikes[count++] = i + __builtin_ctz(mask);
        mask &= mask - 1;
    }
    return count;
}

/* The OR of the 8 lanes of x. */
__attribute__((target("avx2"), always_inline))
static inline int32_t or_lanes_avx2(__m256i x) {
    __m128i half = _mm_or_si128(_mm256_castsi256_si128(x), _mm256_extracti128_si256(x, 1));
    half = _mm_or_si128(half, _mm_shuffle_epi32(half, 0x4e));
    half = _mm_or_si128(half, _mm_shuffle_epi32(half, 0xb1));
    return _mm_cvtsi128_si32(half);
}

__attribute__((target("avx2")))
static int32_t list_avx2(const int32_t *restrict flags, int32_t from, int32_t to, int32_t *restrict spikes,
                         int32_t count, int32_t *any) {
    __m256i seen = _mm256_setzero_si256();
    int32_t i = from;
    for (; i + 8 <= to; i += 8) {
        __m256i f = _mm256_loadu_si256((const __m256i *) (flags + i));
        seen = _mm256_or_si256(seen, f);
        /* the spike bit moved to the sign, where movemask reads it */
        count = append_bits(spikes, count,
                            (uint32_t) _mm256_movemask_ps(_mm256_castsi256_ps(_mm256_slli_epi32(f, 31))), i);
    }
    int32_t rest = 0;
    count = list_plain(flags, i, to, spikes, count, &rest);
    *any = or_lanes_avx2(seen) | rest;
    return count;
}

__attribute__((target("avx512f")))
static int32_t list_avx512(const int32_t *restrict flags, int32_t from, int32_t to, int32_t *restrict spikes,
                           int32_t count, int32_t *any) {
    __m512i seen = _mm512_setzero_si512();
    __m512i bit = _mm512_set1_epi32(SPIKED);
    int32_t i = from;
    for (; i + 16 <= to; i += 16) {
        __m512i f = _mm512_loadu_si512((const void *) (flags + i));
        seen = _mm512_or_si512(seen, f);
        count = append_bits(spikes, count, (uint32_t) _mm512_test_epi32_mask(f, bit), i);
    }
    int32_t rest = 0;
    count = list_plain(flags, i, to, spikes, count, &rest);
    *any = _mm512_reduce_or_epi32(seen) | rest;
    return count;
}

/* The vector widths of the hand-written loops: 0 plain, 1 AVX2, 2 AVX-512 (as NativeAdds numbers them). */
enum { WIDTHS = 3 };

/* Whether this processor runs width which (after __builtin_cpu_init). */
static int runs_width(int32_t which) {
    return which == 0 || (which == 1 && __builtin_cpu_supports("avx2"))
            || (which == 2 && __builtin_cpu_supports("avx512f"));
}

/* Whether which names a width this processor runs: the tests' entries may ask for any. */
static int usable(int32_t which) {
    return which >= 0 && which < WIDTHS && runs_width(which);
}

static const spike_lister listers[WIDTHS] = {list_plain, list_avx2, list_avx512};

/*
 * The update of cores [core_from, core_to) as NetworkRuntime.updateInJava does it: a core is
 * skipped while it is at rest and nothing arrived; its compartments that spiked are appended
 * to spikes. Returns the spike count, with the OR of the wrap bits in the high 32 bits. Each
 * core is updated and listed in one pass by update_core, the whole step's hand-written vectors
 * (below; Java groups neighbouring cores into one loop for C2's vectors instead): on the
 * dense-blocks network a shard's step took 31-33 us of CPU with gcc's loop and a second pass to
 * list the spikes, 25-27 us with these (docs/BENCHMARKS.md, issue 20 session 12).
 */
typedef int32_t (*core_updater)(int32_t *restrict q, int32_t *restrict u, int32_t *restrict v,
                                int32_t *restrict refract, int32_t *restrict flags, const int32_t *restrict packed,
                                const int32_t *restrict vth, const int32_t *restrict bias,
                                const int32_t *restrict reset, int32_t from, int32_t to, int32_t vmin, int32_t vmax,
                                int32_t *restrict spikes, int32_t count, int32_t *any);

#define CORE_UPDATER_PARAMS int32_t *restrict q, int32_t *restrict u, int32_t *restrict v, \
        int32_t *restrict refract, int32_t *restrict flags, const int32_t *restrict packed, \
        const int32_t *restrict vth, const int32_t *restrict bias, const int32_t *restrict reset, int32_t from, \
        int32_t to, int32_t vmin, int32_t vmax, int32_t *restrict spikes, int32_t count, int32_t *any
#define CORE_UPDATER_ARGS q, u, v, refract, flags, packed, vth, bias, reset, from, to, vmin, vmax, spikes, count, any

static core_updater update_core;

/* Compartments a core has at most (ChipLimits.COMPARTMENTS_PER_CORE; the layout refuses more). */
enum { CORE_COMPARTMENTS = 1024 };
/* This path takes no reset synapse out of the routes: each core reads a zero for every compartment. */
static const int32_t no_resets[CORE_COMPARTMENTS];

static int64_t update_cores(int32_t *restrict q, int32_t *restrict u, int32_t *restrict v, int32_t *restrict refract,
                            int32_t *restrict flags, const int32_t *restrict packed, const int32_t *restrict vth,
                            const int32_t *restrict bias, const int32_t *restrict core_start,
                            const int32_t *restrict core_vmin, const int32_t *restrict core_vmax,
                            int64_t *restrict bound, uint8_t *restrict at_rest, const uint8_t *restrict bias_free,
                            int32_t *restrict spikes, int32_t core_from, int32_t core_to) {
    int32_t count = 0;
    int32_t seen = 0;
    for (int32_t c = core_from; c < core_to; c++) {
        if (bound[c] == 0 && at_rest[c]) {
            continue;
        }
        bound[c] = 0;
        int32_t from = core_start[c];
        int32_t to = core_start[c + 1];
        int32_t any = 0;
        int32_t listed = count;
        /* from the core's first compartment, so that no_resets covers it; its spikes listed from 0 */
        count = update_core(q + from, u + from, v + from, refract + from, flags + from, packed + from, vth + from,
                            bias + from, no_resets, 0, to - from, core_vmin[c], core_vmax[c], spikes, count, &any);
        for (int32_t k = listed; k < count; k++) {
            spikes[k] += from;
        }
        at_rest[c] = (uint8_t) ((any & LIVE) == 0 && bias_free[c]);
        seen |= any;
    }
    return (int64_t) count | (int64_t) (seen & (Q_WRAPPED | U_WRAPPED | U2_WRAPPED)) << 32;
}

/*
 * A whole step's update (stepState): each core updated and listed in one pass, by hand-written
 * vectors of the width picked at load time. What the loop of update_compartments does with
 * masks of all bits, these do with the processor's compare masks; the last vector of a core is
 * masked (a core of 5 compartments is one vector, not 5 scalar passes), and a vector's spikes
 * are listed from its fire mask while it is in registers (AVX-512: one compress store), where
 * update_cores lists them from the flag words in a second pass. The state is bit for bit
 * update_compartments': every quantity is the same int arithmetic, and the clip to [vmin, vmax]
 * is a min and a max (v_sum = decay(v) + u2 stays within 26 bits, where the mask form of the
 * clip cannot overflow either). Besides, a compartment that fires gets its reset synapse's weight
 * (reset: ResetSynapses, 0 where none) in the q just cleared, which the next step's delivery adds
 * to: the records leave those synapses out.
 */
static int32_t update_core_plain(CORE_UPDATER_PARAMS) {
    update_compartments(q, u, v, refract, flags, packed, vth, bias, from, to, vmin, vmax);
    for (int32_t i = from; i < to; i++) {
        q[i] = reset[i] & -(flags[i] & SPIKED);
    }
    return list_plain(flags, from, to, spikes, count, any);
}

/* sign(x) * ((|x| * factor) >> 12) in 8 lanes, as decay() */
__attribute__((target("avx2"), always_inline))
static inline __m256i decay_avx2(__m256i x, __m256i factor) {
    __m256i sign = _mm256_srai_epi32(x, 31);
    __m256i mag = _mm256_abs_epi32(x);
    __m256i kept = _mm256_add_epi32(_mm256_mullo_epi32(_mm256_srli_epi32(mag, 12), factor),
                                    _mm256_srli_epi32(_mm256_mullo_epi32(_mm256_and_si256(mag, _mm256_set1_epi32(4095)),
                                                                         factor), 12));
    return _mm256_sub_epi32(_mm256_xor_si256(kept, sign), sign);
}

/* x wrapped to 32 - shift bits, in 8 lanes */
#define WRAP8(x, shift) _mm256_srai_epi32(_mm256_slli_epi32((x), (shift)), (shift))
/* bit where a and b differ in a lane, else 0 */
#define DIFFER8(a, b, bit) _mm256_andnot_si256(_mm256_cmpeq_epi32((a), (b)), _mm256_set1_epi32(bit))

/*
 * One vector of 8 compartments from i: full (all 8 in the core: plain loads and stores) or the
 * core's masked last; uniform (the core's registers, threshold and reset synapse the same for all
 * its compartments: same_* hold them, broadcast, and nothing of them is loaded per vector).
 */
__attribute__((target("avx2"), always_inline))
static inline int32_t update_vector_avx2(int32_t *restrict q, int32_t *restrict u, int32_t *restrict v,
                                         int32_t *restrict refract, int32_t *restrict flags,
                                         const int32_t *restrict packed, const int32_t *restrict vth,
                                         const int32_t *restrict bias, const int32_t *restrict reset, int32_t i,
                                         int32_t to, int full, int uniform, __m256i same_registers, __m256i same_vth,
                                         __m256i same_reset, __m256i vmin, __m256i vmax, int32_t *restrict spikes,
                                         int32_t count, __m256i *seen) {
    const __m256i zero = _mm256_setzero_si256();
    const __m256i one = _mm256_set1_epi32(1);
    /* all lanes but past the core's end: loads there read 0, stores leave memory alone */
    const __m256i lanes = full ? _mm256_set1_epi32(-1)
            : _mm256_cmpgt_epi32(_mm256_set1_epi32(to - i), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
#define LOAD8(p) (full ? _mm256_loadu_si256((const __m256i *) (p)) : _mm256_maskload_epi32((p), lanes))
#define STORE8(p, x) (full ? _mm256_storeu_si256((__m256i *) (p), (x)) : _mm256_maskstore_epi32((p), lanes, (x)))
    __m256i registers = uniform ? same_registers : LOAD8(packed + i);
    __m256i u_factor = _mm256_and_si256(registers, _mm256_set1_epi32((1 << U_KEEP_BITS) - 1));
    __m256i v_factor = _mm256_and_si256(_mm256_srli_epi32(registers, U_KEEP_BITS),
                                        _mm256_set1_epi32((1 << V_KEEP_BITS) - 1));
    __m256i delay = _mm256_srli_epi32(registers, U_KEEP_BITS + V_KEEP_BITS);
    __m256i q_raw = LOAD8(q + i);
    __m256i q_now = WRAP8(q_raw, Q_WRAP_SHIFT);
    __m256i u_raw = _mm256_add_epi32(decay_avx2(LOAD8(u + i), u_factor), q_now);
    __m256i u_new = WRAP8(u_raw, U_WRAP_SHIFT);
    STORE8(u + i, u_new);
    __m256i u2_raw = _mm256_add_epi32(u_new, LOAD8(bias + i));
    __m256i u2 = WRAP8(u2_raw, U_WRAP_SHIFT);
    __m256i v_sum = _mm256_add_epi32(decay_avx2(LOAD8(v + i), v_factor), u2);
    __m256i v_new = _mm256_max_epi32(_mm256_min_epi32(v_sum, vmax), vmin);
    __m256i r = LOAD8(refract + i);
    __m256i resting = _mm256_srai_epi32(_mm256_sub_epi32(zero, r), 31);
    __m256i over = _mm256_srai_epi32(_mm256_sub_epi32(uniform ? same_vth : LOAD8(vth + i), v_new), 31);
    __m256i fire = _mm256_andnot_si256(resting, over);
    if (!full) {
        fire = _mm256_and_si256(fire, lanes);
    }
    __m256i q_next = _mm256_and_si256(fire, uniform ? same_reset : LOAD8(reset + i));
    STORE8(q + i, q_next);
    __m256i v_out = _mm256_andnot_si256(_mm256_or_si256(resting, fire), v_new);
    __m256i r_out = _mm256_or_si256(_mm256_and_si256(_mm256_sub_epi32(r, one), resting),
                                    _mm256_and_si256(_mm256_sub_epi32(delay, one), fire));
    STORE8(v + i, v_out);
    STORE8(refract + i, r_out);
    __m256i live = _mm256_or_si256(_mm256_or_si256(u_new, v_out), r_out);
    __m256i f = _mm256_or_si256(_mm256_and_si256(fire, one), DIFFER8(q_raw, q_now, Q_WRAPPED));
    f = _mm256_or_si256(f, _mm256_or_si256(DIFFER8(u_raw, u_new, U_WRAPPED), DIFFER8(u2_raw, u2, U2_WRAPPED)));
    f = _mm256_or_si256(f, DIFFER8(live, zero, LIVE));
    if (!full) {
        f = _mm256_and_si256(f, lanes);
    }
    STORE8(flags + i, f);
#undef LOAD8
#undef STORE8
    *seen = _mm256_or_si256(*seen, f);
    return append_bits(spikes, count, (uint32_t) _mm256_movemask_ps(_mm256_castsi256_ps(fire)), i);
}

/* A core's vectors: the full ones, then the masked last (update_vector_avx2). */
__attribute__((target("avx2"), always_inline))
static inline int32_t update_core_avx2_body(int32_t *restrict q, int32_t *restrict u, int32_t *restrict v,
                                            int32_t *restrict refract, int32_t *restrict flags,
                                            const int32_t *restrict packed, const int32_t *restrict vth,
                                            const int32_t *restrict bias, const int32_t *restrict reset,
                                            int32_t from, int32_t to, int32_t vmin, int32_t vmax,
                                            int32_t *restrict spikes, int32_t count, int32_t *any, int uniform) {
    __m256i seen = _mm256_setzero_si256();
    /* read only for a uniform core, which has a compartment */
    __m256i same_registers = uniform ? _mm256_set1_epi32(packed[from]) : seen;
    __m256i same_vth = uniform ? _mm256_set1_epi32(vth[from]) : seen;
    __m256i same_reset = uniform ? _mm256_set1_epi32(reset[from]) : seen;
    __m256i low = _mm256_set1_epi32(vmin);
    __m256i high = _mm256_set1_epi32(vmax);
    int32_t i = from;
    for (; i + 8 <= to; i += 8) {
        count = update_vector_avx2(q, u, v, refract, flags, packed, vth, bias, reset, i, to, 1, uniform,
                                   same_registers, same_vth, same_reset, low, high, spikes, count, &seen);
    }
    if (i < to) {
        count = update_vector_avx2(q, u, v, refract, flags, packed, vth, bias, reset, i, to, 0, uniform,
                                   same_registers, same_vth, same_reset, low, high, spikes, count, &seen);
    }
    *any = or_lanes_avx2(seen);
    return count;
}

__attribute__((target("avx2")))
static int32_t update_core_avx2(CORE_UPDATER_PARAMS) {
    return update_core_avx2_body(CORE_UPDATER_ARGS, 0);
}

__attribute__((target("avx2")))
static int32_t update_uniform_core_avx2(CORE_UPDATER_PARAMS) {
    return update_core_avx2_body(CORE_UPDATER_ARGS, 1);
}

/* sign(x) * ((|x| * factor) >> 12) in 16 lanes, as decay() */
__attribute__((target("avx512f"), always_inline))
static inline __m512i decay_avx512(__m512i x, __m512i factor) {
    __m512i mag = _mm512_abs_epi32(x);
    __m512i kept = _mm512_add_epi32(_mm512_mullo_epi32(_mm512_srli_epi32(mag, 12), factor),
                                    _mm512_srli_epi32(_mm512_mullo_epi32(_mm512_and_si512(mag, _mm512_set1_epi32(4095)),
                                                                         factor), 12));
    return _mm512_mask_sub_epi32(kept, _mm512_cmplt_epi32_mask(x, _mm512_setzero_si512()), _mm512_setzero_si512(), kept);
}

#define WRAP16(x, shift) _mm512_srai_epi32(_mm512_slli_epi32((x), (shift)), (shift))

/* One vector of 16 compartments from i, as update_vector_avx2: lanes all set where full. */
__attribute__((target("avx512f"), always_inline))
static inline int32_t update_vector_avx512(int32_t *restrict q, int32_t *restrict u, int32_t *restrict v,
                                           int32_t *restrict refract, int32_t *restrict flags,
                                           const int32_t *restrict packed, const int32_t *restrict vth,
                                           const int32_t *restrict bias, const int32_t *restrict reset, int32_t i,
                                           __mmask16 lanes, int full, int uniform, __m512i same_registers,
                                           __m512i same_vth, __m512i same_reset, __m512i vmin, __m512i vmax,
                                           __m512i index, int32_t *restrict spikes, int32_t count, __m512i *seen) {
    const __m512i zero = _mm512_setzero_si512();
    const __m512i one = _mm512_set1_epi32(1);
#define LOAD16(p) (full ? _mm512_loadu_si512((const void *) (p)) : _mm512_maskz_loadu_epi32(lanes, (p)))
#define STORE16(p, x) (full ? _mm512_storeu_si512((void *) (p), (x)) : _mm512_mask_storeu_epi32((p), lanes, (x)))
    __m512i registers = uniform ? same_registers : LOAD16(packed + i);
    __m512i u_factor = _mm512_and_si512(registers, _mm512_set1_epi32((1 << U_KEEP_BITS) - 1));
    __m512i v_factor = _mm512_and_si512(_mm512_srli_epi32(registers, U_KEEP_BITS),
                                        _mm512_set1_epi32((1 << V_KEEP_BITS) - 1));
    __m512i delay = _mm512_srli_epi32(registers, U_KEEP_BITS + V_KEEP_BITS);
    __m512i q_raw = LOAD16(q + i);
    __m512i q_now = WRAP16(q_raw, Q_WRAP_SHIFT);
    __m512i u_raw = _mm512_add_epi32(decay_avx512(LOAD16(u + i), u_factor), q_now);
    __m512i u_new = WRAP16(u_raw, U_WRAP_SHIFT);
    STORE16(u + i, u_new);
    __m512i u2_raw = _mm512_add_epi32(u_new, LOAD16(bias + i));
    __m512i u2 = WRAP16(u2_raw, U_WRAP_SHIFT);
    __m512i v_sum = _mm512_add_epi32(decay_avx512(LOAD16(v + i), v_factor), u2);
    __m512i v_new = _mm512_max_epi32(_mm512_min_epi32(v_sum, vmax), vmin);
    __m512i r = LOAD16(refract + i);
    __mmask16 resting = _mm512_cmplt_epi32_mask(_mm512_sub_epi32(zero, r), zero);
    __mmask16 fire = _mm512_mask_cmplt_epi32_mask((__mmask16) (lanes & ~resting),
                                                  _mm512_sub_epi32(uniform ? same_vth : LOAD16(vth + i), v_new),
                                                  zero);
    __m512i q_next = uniform ? _mm512_maskz_mov_epi32(fire, same_reset) : _mm512_maskz_loadu_epi32(fire, reset + i);
    STORE16(q + i, q_next);
    __m512i v_out = _mm512_maskz_mov_epi32((__mmask16) ~(resting | fire), v_new);
    __m512i r_out = _mm512_mask_sub_epi32(_mm512_maskz_sub_epi32(resting, r, one), fire, delay, one);
    STORE16(v + i, v_out);
    STORE16(refract + i, r_out);
    __m512i live = _mm512_or_si512(_mm512_or_si512(u_new, v_out), r_out);
    __m512i f = _mm512_maskz_mov_epi32(fire, one);
    f = _mm512_mask_or_epi32(f, _mm512_mask_cmpneq_epi32_mask(lanes, q_raw, q_now), f, _mm512_set1_epi32(Q_WRAPPED));
    f = _mm512_mask_or_epi32(f, _mm512_mask_cmpneq_epi32_mask(lanes, u_raw, u_new), f, _mm512_set1_epi32(U_WRAPPED));
    f = _mm512_mask_or_epi32(f, _mm512_mask_cmpneq_epi32_mask(lanes, u2_raw, u2), f, _mm512_set1_epi32(U2_WRAPPED));
    f = _mm512_mask_or_epi32(f, _mm512_mask_test_epi32_mask(lanes, live, live), f, _mm512_set1_epi32(LIVE));
    STORE16(flags + i, f);
#undef LOAD16
#undef STORE16
    *seen = _mm512_or_si512(*seen, f);
    if (full) {
        /* compressed in a register and stored whole, quicker than a compress store: the 16 slots from
           count end below i + 16 <= to (the spikes listed so far are compartments below i), in the list */
        _mm512_storeu_si512((void *) (spikes + count), _mm512_maskz_compress_epi32(fire, index));
    } else {
        _mm512_mask_compressstoreu_epi32(spikes + count, fire, index);
    }
    return count + __builtin_popcount(fire);
}

/* A core's vectors: the full ones, then the masked last (update_vector_avx512). */
__attribute__((target("avx512f"), always_inline))
static inline int32_t update_core_avx512_body(int32_t *restrict q, int32_t *restrict u, int32_t *restrict v,
                                              int32_t *restrict refract, int32_t *restrict flags,
                                              const int32_t *restrict packed, const int32_t *restrict vth,
                                              const int32_t *restrict bias, const int32_t *restrict reset,
                                              int32_t from, int32_t to, int32_t vmin, int32_t vmax,
                                              int32_t *restrict spikes, int32_t count, int32_t *any, int uniform) {
    __m512i seen = _mm512_setzero_si512();
    /* read only for a uniform core, which has a compartment */
    __m512i same_registers = uniform ? _mm512_set1_epi32(packed[from]) : seen;
    __m512i same_vth = uniform ? _mm512_set1_epi32(vth[from]) : seen;
    __m512i same_reset = uniform ? _mm512_set1_epi32(reset[from]) : seen;
    __m512i low = _mm512_set1_epi32(vmin);
    __m512i high = _mm512_set1_epi32(vmax);
    __m512i index = _mm512_add_epi32(_mm512_set1_epi32(from),
                                     _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
    int32_t i = from;
    for (; i + 16 <= to; i += 16) {
        count = update_vector_avx512(q, u, v, refract, flags, packed, vth, bias, reset, i, (__mmask16) 0xffff, 1,
                                     uniform, same_registers, same_vth, same_reset, low, high, index, spikes, count,
                                     &seen);
        index = _mm512_add_epi32(index, _mm512_set1_epi32(16));
    }
    if (i < to) {
        count = update_vector_avx512(q, u, v, refract, flags, packed, vth, bias, reset, i,
                                     (__mmask16) ((1u << (to - i)) - 1), 0, uniform, same_registers, same_vth,
                                     same_reset, low, high, index, spikes, count, &seen);
    }
    *any = _mm512_reduce_or_epi32(seen);
    return count;
}

__attribute__((target("avx512f")))
static int32_t update_core_avx512(CORE_UPDATER_PARAMS) {
    return update_core_avx512_body(CORE_UPDATER_ARGS, 0);
}

__attribute__((target("avx512f")))
static int32_t update_uniform_core_avx512(CORE_UPDATER_PARAMS) {
    return update_core_avx512_body(CORE_UPDATER_ARGS, 1);
}

static core_updater update_core = update_core_plain;
static core_updater update_uniform_core = update_core_plain;
static const core_updater core_updaters[WIDTHS] = {update_core_plain, update_core_avx2, update_core_avx512};
/* For cores whose compartments' registers, thresholds and reset synapses are the same (every core of a compiled network). */
static const core_updater uniform_core_updaters[WIDTHS] = {update_core_plain, update_uniform_core_avx2,
                                                           update_uniform_core_avx512};

/*
 * update_cores with each core updated and listed by one core_updater, update_uniform for the cores
 * marked in uniform; a core's next bound starts at the 2^(bound bits) (reset_bound) of the reset
 * synapses its update wrote into q, as the blocks delivered would have added to it.
 */
static int64_t update_whole(core_updater update, core_updater update_uniform, const uint8_t *restrict uniform,
                            int32_t *restrict q, int32_t *restrict u, int32_t *restrict v,
                            int32_t *restrict refract, int32_t *restrict flags, const int32_t *restrict packed,
                            const int32_t *restrict vth, const int32_t *restrict bias,
                            const int32_t *restrict reset, const int32_t *restrict reset_bound,
                            const int32_t *restrict core_start, const int32_t *restrict core_vmin,
                            const int32_t *restrict core_vmax, int64_t *restrict bound, uint8_t *restrict at_rest,
                            const uint8_t *restrict bias_free, int32_t *restrict spikes, int32_t cores) {
    int32_t count = 0;
    int32_t seen = 0;
    for (int32_t c = 0; c < cores; c++) {
        if (bound[c] == 0 && at_rest[c]) {
            continue;
        }
        int32_t any = 0;
        int32_t from = core_start[c];
        int32_t before = count;
        count = (uniform[c] ? update_uniform : update)(q, u, v, refract, flags, packed, vth, bias, reset, from,
                                                       core_start[c + 1], core_vmin[c], core_vmax[c], spikes, count,
                                                       &any);
        int64_t written = 0;
        if (uniform[c]) {
            /* the same for every compartment of the core (which has one at least) */
            written = (int64_t) (count - before) * reset_bound[from];
        } else {
            for (int32_t k = before; k < count; k++) {
                written += reset_bound[spikes[k]];
            }
        }
        bound[c] = written;
        at_rest[c] = (uint8_t) ((any & LIVE) == 0 && bias_free[c]);
        seen |= any;
    }
    return (int64_t) count | (int64_t) (seen & (Q_WRAPPED | U_WRAPPED | U2_WRAPPED)) << 32;
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
 * A whole step's delivery in one call, for networks small enough that the JNI crossing and the
 * pinning of arrays cost as much as the adds: the host's spikes (pairs (core, block) that arrived
 * for this step) and then the compartments' spikes (deliver_spikes).
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

/*
 * dev.loihi.emulator.NativeAdds.updateCores(int[] q, int[] u, int[] v, int[] refract, int[] flags,
 *     int[] packedRegisters, int[] vth, int[] bias, int[] coreStart, int[] coreVmin,
 *     int[] coreVmax, long[] bound, boolean[] atRest, boolean[] biasFree, int[] spikes, int coreFrom, int coreTo)
 */
JNIEXPORT jlong JNICALL Java_dev_loihi_emulator_NativeAdds_updateCores(
        JNIEnv *env, jclass cls, jintArray q, jintArray u, jintArray v, jintArray refract, jintArray flags,
        jintArray packed, jintArray vth, jintArray bias, jintArray core_start,
        jintArray core_vmin, jintArray core_vmax, jlongArray bound, jbooleanArray at_rest, jbooleanArray bias_free,
        jintArray spikes, jint core_from, jint core_to) {
    (void) cls;
    lent a[] = {{q, NULL, 0}, {u, NULL, 0}, {v, NULL, 0}, {refract, NULL, 0}, {flags, NULL, 0},
                {packed, NULL, JNI_ABORT}, {vth, NULL, JNI_ABORT}, {bias, NULL, JNI_ABORT},
                {core_start, NULL, JNI_ABORT},
                {core_vmin, NULL, JNI_ABORT}, {core_vmax, NULL, JNI_ABORT}, {bound, NULL, 0}, {at_rest, NULL, 0},
                {bias_free, NULL, JNI_ABORT}, {spikes, NULL, 0}};
    int ok = lend(env, a, 15);
    jlong out = 0;
    if (ok) {
        out = update_cores(a[0].at, a[1].at, a[2].at, a[3].at, a[4].at, a[5].at, a[6].at, a[7].at, a[8].at,
                           a[9].at, a[10].at, a[11].at, a[12].at, a[13].at, a[14].at, core_from, core_to);
    }
    give_back(env, a, 15, ok);
    return out;
}

/*
 * A small network's delivery in stepState. Its routes are resolved once (NativeAdds.packNetwork,
 * RouteRecords) into one record of 4 ints per route, in the order of the routes, but for the
 * reset synapses that the update writes ahead (ResetSynapses; route_start indexes the records),
 * so that a spike reads neither a block header nor a core start:
 *
 *   | q index of the block's first compartment (dense) or of the core's (sparse) | weights |
 *   | length (bits 0..15) | shift << 16 | dense << 21 | single << 22 | bytes << 23 | bound bits << 24 | core |
 *
 * (weights: where the block's weights, or its pairs, start in synapse memory, in shorts; for a
 * single synapse its weight already shifted, so that it is one add). Dense
 * blocks are added a whole vector at a time and the last vector masked, with no scalar ends: the
 * weights past a block's end are read (the packed synapse memory is followed by a vector's worth
 * of padding) but only the block's own compartments are written; a bytes block's values (bytes << 23)
 * alike (bytes_padded_avx512). The vector width is picked once
 * at load time (deliver_whole), as the spike lister is.
 */
enum { RECORD_INTS = 4, RECORD_LENGTH_MASK = 0xffff, RECORD_SHIFT_AT = 16, RECORD_DENSE = 1 << 21,
       RECORD_SINGLE = 1 << 22, RECORD_BYTES = 1 << 23, RECORD_BOUND_AT = 24 };

typedef void (*dense_adder)(uint32_t *restrict, const int16_t *restrict, int32_t, uint32_t);

static inline __attribute__((always_inline)) void dense_plain(uint32_t *restrict first, const int16_t *restrict w,
                                                              int32_t length, uint32_t shift) {
    for (int32_t k = 0; k < length; k++) {
        first[k] += (uint32_t) (int32_t) w[k] << shift;
    }
}

/*
 * The vector adds: two vectors a pass (the loop's own three instructions over twice the adds),
 * then one, then the masked last, all at one index k (a 64-bit one, so that no index is widened
 * per pass).
 */
static inline __attribute__((always_inline, target("avx2"))) void dense_avx2(uint32_t *restrict first,
                                                                             const int16_t *restrict w,
                                                                             int32_t length, uint32_t shift) {
    __m128i count = _mm_cvtsi32_si128((int) shift);
    intptr_t k = 0;
    for (intptr_t pairs = length & ~15; k < pairs; k += 16) {
        __m256i add = _mm256_sll_epi32(_mm256_cvtepi16_epi32(_mm_loadu_si128((const __m128i *) (w + k))), count);
        __m256i next = _mm256_sll_epi32(_mm256_cvtepi16_epi32(_mm_loadu_si128((const __m128i *) (w + k + 8))), count);
        _mm256_storeu_si256((__m256i *) (first + k), _mm256_add_epi32(_mm256_loadu_si256((__m256i *) (first + k)), add));
        _mm256_storeu_si256((__m256i *) (first + k + 8),
                            _mm256_add_epi32(_mm256_loadu_si256((__m256i *) (first + k + 8)), next));
    }
    if (length & 8) {
        __m256i add = _mm256_sll_epi32(_mm256_cvtepi16_epi32(_mm_loadu_si128((const __m128i *) (w + k))), count);
        _mm256_storeu_si256((__m256i *) (first + k), _mm256_add_epi32(_mm256_loadu_si256((__m256i *) (first + k)), add));
        k += 8;
    }
    if (length & 7) {
        __m256i lanes = _mm256_cmpgt_epi32(_mm256_set1_epi32(length & 7), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
        __m256i add = _mm256_sll_epi32(_mm256_cvtepi16_epi32(_mm_loadu_si128((const __m128i *) (w + k))), count);
        int *at = (int *) (first + k);
        _mm256_maskstore_epi32(at, lanes, _mm256_add_epi32(_mm256_maskload_epi32(at, lanes), add));
    }
}

static inline __attribute__((always_inline, target("avx512f"))) void dense_avx512(uint32_t *restrict first,
                                                                                  const int16_t *restrict w,
                                                                                  int32_t length, uint32_t shift) {
    __m128i count = _mm_cvtsi32_si128((int) shift);
    intptr_t k = 0;
    for (intptr_t pairs = length & ~31; k < pairs; k += 32) {
        __m512i add = _mm512_sll_epi32(_mm512_cvtepi16_epi32(_mm256_loadu_si256((const __m256i *) (w + k))), count);
        __m512i next = _mm512_sll_epi32(_mm512_cvtepi16_epi32(_mm256_loadu_si256((const __m256i *) (w + k + 16))),
                                        count);
        _mm512_storeu_si512(first + k, _mm512_add_epi32(_mm512_loadu_si512(first + k), add));
        _mm512_storeu_si512(first + k + 16, _mm512_add_epi32(_mm512_loadu_si512(first + k + 16), next));
    }
    if (length & 16) {
        __m512i add = _mm512_sll_epi32(_mm512_cvtepi16_epi32(_mm256_loadu_si256((const __m256i *) (w + k))), count);
        _mm512_storeu_si512(first + k, _mm512_add_epi32(_mm512_loadu_si512(first + k), add));
        k += 16;
    }
    if (length & 15) {
        __mmask16 lanes = (__mmask16) ((1u << (length & 15)) - 1);
        __m512i add = _mm512_sll_epi32(_mm512_cvtepi16_epi32(_mm256_loadu_si256((const __m256i *) (w + k))), count);
        _mm512_mask_storeu_epi32(first + k, lanes, _mm512_add_epi32(_mm512_maskz_loadu_epi32(lanes, first + k), add));
    }
}

/*
 * A bytes block's values in the whole step, whose synapse memory is followed by a vector of
 * padding (NativeAdds.packNetwork): the last values are a masked vector, as dense_avx512 adds
 * shorts, not one by one as bytes_avx512 adds them from the JVM's arrays (a small network's
 * blocks are short, so a scalar end is much of their cost: the synthetic jet tagger's step took
 * 450-479 ns with it, 400-405 ns with shorts).
 */
static inline __attribute__((always_inline, target("avx2"))) void bytes_padded_avx2(uint32_t *restrict first,
                                                                                    const int8_t *restrict w,
                                                                                    int32_t length, uint32_t shift) {
    __m256i count = _mm256_set1_epi32((int) shift);
    intptr_t k = 0;
    for (intptr_t whole = length & ~7; k < whole; k += 8) {
        __m256i add = _mm256_sllv_epi32(_mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *) (w + k))), count);
        _mm256_storeu_si256((__m256i *) (first + k), _mm256_add_epi32(_mm256_loadu_si256((__m256i *) (first + k)), add));
    }
    if (length & 7) {
        __m256i lanes = _mm256_cmpgt_epi32(_mm256_set1_epi32(length & 7), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
        __m256i add = _mm256_sllv_epi32(_mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *) (w + k))), count);
        int *at = (int *) (first + k);
        _mm256_maskstore_epi32(at, lanes, _mm256_add_epi32(_mm256_maskload_epi32(at, lanes), add));
    }
}

static inline __attribute__((always_inline, target("avx512f"))) void bytes_padded_avx512(uint32_t *restrict first,
                                                                                         const int8_t *restrict w,
                                                                                         int32_t length, uint32_t shift) {
    __m512i count = _mm512_set1_epi32((int) shift);
    intptr_t k = 0;
    for (intptr_t whole = length & ~15; k < whole; k += 16) {
        __m512i add = _mm512_sllv_epi32(_mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i *) (w + k))), count);
        _mm512_storeu_si512(first + k, _mm512_add_epi32(_mm512_loadu_si512(first + k), add));
    }
    if (length & 15) {
        __mmask16 lanes = (__mmask16) ((1u << (length & 15)) - 1);
        __m512i add = _mm512_sllv_epi32(_mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i *) (w + k))), count);
        _mm512_mask_storeu_epi32(first + k, lanes, _mm512_add_epi32(_mm512_maskz_loadu_epi32(lanes, first + k), add));
    }
}

/* One block, its header already read: a reset synapse (one weight) is a single add. */
static inline __attribute__((always_inline)) void add_resolved(uint32_t *restrict at, const int16_t *restrict w,
                                                               int32_t length, uint32_t shift, int dense, int bytes,
                                                               dense_adder add_dense, byte_adder add_byte_values) {
    if (!dense) {
        for (int32_t k = 0; k < length; k++) {
            at[w[2 * k]] += (uint32_t) (int32_t) w[2 * k + 1] << shift;
        }
    } else if (length == 1) {
        at[0] += (uint32_t) (bytes ? (int8_t) w[0] : w[0]) << shift;
    } else if (bytes) {
        add_byte_values(at, (const int8_t *) w, length, shift);
    } else {
        add_dense(at, w, length, shift);
    }
}

/*
 * deliverStep's work for a whole network (every core is its own), the compartments' spikes
 * through their route records; with prefetch, the weights of the spikes BLOCK_AHEAD on are
 * fetched while earlier ones are added.
 */
/* The compartments' spikes through their route records. */
static inline __attribute__((always_inline)) void deliver_records(
        uint32_t *restrict q, const int16_t *restrict mem, const int32_t *restrict spikes, int32_t count,
        const int32_t *restrict route_start, const int32_t *restrict records, int64_t *restrict bound, int prefetch,
        dense_adder add_dense, byte_adder add_byte_values) {
    for (int32_t s = 0; s < count; s++) {
        if (prefetch && s + BLOCK_AHEAD < count) {
            int32_t ahead = spikes[s + BLOCK_AHEAD];
            for (int32_t k = route_start[ahead]; k < route_start[ahead + 1]; k++) {
                __builtin_prefetch(mem + records[RECORD_INTS * k + 1], 0, 3);
            }
        }
        int32_t i = spikes[s];
        const int32_t *end = records + RECORD_INTS * route_start[i + 1];
        for (const int32_t *r = records + RECORD_INTS * route_start[i]; r < end; r += RECORD_INTS) {
            uint32_t meta = (uint32_t) r[2];
            if (meta & RECORD_SINGLE) {
                q[r[0]] += (uint32_t) r[1];
            } else {
                add_resolved(q + r[0], mem + r[1], (int32_t) (meta & RECORD_LENGTH_MASK),
                             (meta >> RECORD_SHIFT_AT) & 31, (meta & RECORD_DENSE) != 0, (meta & RECORD_BYTES) != 0,
                             add_dense, add_byte_values);
            }
            bound[r[3]] += (int64_t) 1 << (meta >> RECORD_BOUND_AT);
        }
    }
}

/*
 * The host's spikes (host_axons: their axons' ids, records from route_start[id] as a compartment's,
 * RouteRecords) and then the compartments' spikes through their records.
 */
static inline __attribute__((always_inline)) void deliver_resolved(
        uint32_t *restrict q, const int16_t *restrict mem, const int32_t *restrict host_axons, int32_t host_count,
        const int32_t *restrict spikes, int32_t count, const int32_t *restrict route_start,
        const int32_t *restrict records, int64_t *restrict bound, int32_t prefetch, dense_adder add_dense,
        byte_adder add_byte_values) {
    deliver_records(q, mem, host_axons, host_count, route_start, records, bound, 0, add_dense, add_byte_values);
    /* a loop each way, so that the step's many small spikes test no prefetch flag */
    if (prefetch) {
        deliver_records(q, mem, spikes, count, route_start, records, bound, 1, add_dense, add_byte_values);
    } else {
        deliver_records(q, mem, spikes, count, route_start, records, bound, 0, add_dense, add_byte_values);
    }
}

typedef void (*whole_deliverer)(uint32_t *restrict, const int16_t *restrict, const int32_t *restrict, int32_t,
                                const int32_t *restrict, int32_t, const int32_t *restrict, const int32_t *restrict,
                                int64_t *restrict, int32_t);

#define WHOLE_DELIVERER_PARAMS uint32_t *restrict q, const int16_t *restrict mem, const int32_t *restrict host_axons, \
        int32_t host_count, const int32_t *restrict spikes, int32_t count, const int32_t *restrict route_start, \
        const int32_t *restrict records, int64_t *restrict bound, int32_t prefetch
#define WHOLE_DELIVERER_ARGS q, mem, host_axons, host_count, spikes, count, route_start, records, bound, prefetch

static void deliver_whole_plain(WHOLE_DELIVERER_PARAMS) {
    deliver_resolved(WHOLE_DELIVERER_ARGS, dense_plain, bytes_plain);
}

__attribute__((target("avx2")))
static void deliver_whole_avx2(WHOLE_DELIVERER_PARAMS) {
    deliver_resolved(WHOLE_DELIVERER_ARGS, dense_avx2, bytes_padded_avx2);
}

__attribute__((target("avx512f")))
static void deliver_whole_avx512(WHOLE_DELIVERER_PARAMS) {
    deliver_resolved(WHOLE_DELIVERER_ARGS, dense_avx512, bytes_padded_avx512);
}

static whole_deliverer deliver_whole = deliver_whole_plain;
static const byte_adder byte_adders[WIDTHS] = {bytes_plain, bytes_avx2, bytes_avx512};
static const whole_deliverer whole_deliverers[WIDTHS] = {deliver_whole_plain, deliver_whole_avx2,
                                                         deliver_whole_avx512};

/* The widest loops this processor runs, picked once when the library loads. */
__attribute__((constructor))
static void pick_widest(void) {
    __builtin_cpu_init();
    int32_t widest = runs_width(2) ? 2 : runs_width(1) ? 1 : 0;
    update_core = core_updaters[widest];
    update_uniform_core = uniform_core_updaters[widest];
    deliver_whole = whole_deliverers[widest];
    add_bytes = byte_adders[widest];
}

/*
 * A whole step of a small network in one call: delivery, then the update and the spike listing
 * of every core. On the jet tagger (390 compartments) a step is about 33,000 instructions, of
 * which the two calls it took before pinned 24 arrays for about 5,500 (callgrind); here the
 * arrays that never change while stepping are read from a direct buffer packed once
 * (NativeAdds.packNetwork: a header of byte offsets, then the arrays), and the state from another
 * (WholeStepState), so nothing is pinned.
 */
enum { NET_CORES, NET_MEM, NET_ROUTE_START, NET_ROUTE_RECORDS, NET_CORE_START, NET_PACKED, NET_VTH, NET_BIAS,
       NET_VMIN, NET_VMAX, NET_BIAS_FREE, NET_RESET, NET_RESET_BOUND, NET_UNIFORM };
/* update_whole of a network packed by NativeAdds.packNetwork */
static int64_t update_packed(core_updater update, core_updater update_uniform, const char *net, int32_t *q,
                             int32_t *u, int32_t *v, int32_t *refract, int32_t *flags, int64_t *bound,
                             uint8_t *at_rest, int32_t *spikes) {
    const int32_t *header = (const int32_t *) net;
    return update_whole(update, update_uniform, (const uint8_t *) (net + header[NET_UNIFORM]), q, u, v, refract, flags, (const int32_t *) (net + header[NET_PACKED]),
                        (const int32_t *) (net + header[NET_VTH]), (const int32_t *) (net + header[NET_BIAS]),
                        (const int32_t *) (net + header[NET_RESET]), (const int32_t *) (net + header[NET_RESET_BOUND]),
                        (const int32_t *) (net + header[NET_CORE_START]), (const int32_t *) (net + header[NET_VMIN]),
                        (const int32_t *) (net + header[NET_VMAX]), bound, at_rest,
                        (const uint8_t *) (net + header[NET_BIAS_FREE]), spikes, header[NET_CORES]);
}

/* What step_whole returns when a core's q may have overflowed an int: delivered only, the rest is Java's. */
#define DELIVERED_ONLY INT64_MIN

/*
 * The state of a network stepped whole (WholeStepState): a header of byte offsets, then q, u, v, the
 * refractory counters, the flag words, the per-core bounds (int64) and rest flags (bytes) and the
 * two spike lists; the host's spikes (their axons' sender ids) in a buffer of their own. Held off
 * the JVM's heap, so a step pins no array: pinning and releasing the 11 arrays a step took about
 * 1,900 instructions and 22 transitions in and out of the JVM, each with a fence.
 */
enum { ST_Q, ST_U, ST_V, ST_REFRACT, ST_FLAGS, ST_BOUND, ST_AT_REST, ST_LIST_0, ST_LIST_1 };

/*
 * dev.loihi.emulator.NativeAdds.stepState(long network, long state, int list, int count, long hostAxons,
 *     int hostCount, int prefetch)
 */
JNIEXPORT jlong JNICALL Java_dev_loihi_emulator_NativeAdds_stepState(JNIEnv *env, jclass cls, jlong network,
                                                                    jlong state, jint list, jint count,
                                                                    jlong host_axons, jint host_count,
                                                                    jint prefetch) {
    (void) env;
    (void) cls;
    const char *net = (const char *) (intptr_t) network;
    const int32_t *header = (const int32_t *) net;
    int32_t cores = header[NET_CORES];
    char *st = (char *) (intptr_t) state;
    const int32_t *at = (const int32_t *) st;
    uint32_t *q = (uint32_t *) (st + at[ST_Q]);
    int64_t *sums = (int64_t *) (st + at[ST_BOUND]);
    int32_t *spikes = (int32_t *) (st + at[list ? ST_LIST_1 : ST_LIST_0]);
    int32_t *out = (int32_t *) (st + at[list ? ST_LIST_0 : ST_LIST_1]);
    deliver_whole(q, (const int16_t *) (net + header[NET_MEM]), (const int32_t *) (intptr_t) host_axons, host_count,
                  spikes, count, (const int32_t *) (net + header[NET_ROUTE_START]),
                  (const int32_t *) (net + header[NET_ROUTE_RECORDS]), sums, prefetch);
    int wide = 0;
    for (int32_t c = 0; c < cores; c++) {
        wide |= sums[c] > INT32_MAX;
    }
    return wide ? DELIVERED_ONLY : update_packed(update_core, update_uniform_core, net, (int32_t *) q,
                                                 (int32_t *) (st + at[ST_U]), (int32_t *) (st + at[ST_V]),
                                                 (int32_t *) (st + at[ST_REFRACT]), (int32_t *) (st + at[ST_FLAGS]),
                                                 sums, (uint8_t *) (st + at[ST_AT_REST]), out);
}

/* dev.loihi.emulator.NativeAdds.address(ByteBuffer direct) */
JNIEXPORT jlong JNICALL Java_dev_loihi_emulator_NativeAdds_address(JNIEnv *env, jclass cls, jobject direct) {
    (void) cls;
    return (jlong) (intptr_t) (*env)->GetDirectBufferAddress(env, direct);
}

/*
 * dev.loihi.emulator.NativeAdds.deliverWhole(int width, ByteBuffer network, int[] q, long[] bound, int[] hostAxons,
 *     int hostCount, int[] spikes, int count, int prefetch): stepState's delivery with one deliverer, so that
 * the tests compare each one this processor has with Java's sums; false where it lacks it.
 */
JNIEXPORT jboolean JNICALL Java_dev_loihi_emulator_NativeAdds_deliverWhole(
        JNIEnv *env, jclass cls, jint width, jobject network, jintArray q, jlongArray bound, jintArray host_axons,
        jint host_count, jintArray spikes, jint count, jint prefetch) {
    (void) cls;
    if (!usable(width)) {
        return JNI_FALSE;
    }
    whole_deliverer deliver = whole_deliverers[width];
    const char *net = (*env)->GetDirectBufferAddress(env, network);
    const int32_t *header = (const int32_t *) net;
    lent a[] = {{q, NULL, 0}, {bound, NULL, 0}, {host_axons, NULL, JNI_ABORT}, {spikes, NULL, JNI_ABORT}};
    int ok = lend(env, a, 4);
    if (ok) {
        deliver(a[0].at, (const int16_t *) (net + header[NET_MEM]), a[2].at, host_count, a[3].at, count,
                (const int32_t *) (net + header[NET_ROUTE_START]), (const int32_t *) (net + header[NET_ROUTE_RECORDS]),
                a[1].at, prefetch);
    }
    give_back(env, a, 4, ok);
    return JNI_TRUE;
}

/*
 * dev.loihi.emulator.NativeAdds.updateWhole(int width, ByteBuffer network, int[] q, int[] u, int[] v, int[] refract,
 *     int[] flags, long[] bound, boolean[] atRest, int[] out): stepState's update with one core updater, so that
 * the tests compare each one this processor has with Java's update; Long.MIN_VALUE + 1 where it lacks it.
 */
JNIEXPORT jlong JNICALL Java_dev_loihi_emulator_NativeAdds_updateWhole(
        JNIEnv *env, jclass cls, jint width, jobject network, jintArray q, jintArray u, jintArray v, jintArray refract,
        jintArray flags, jlongArray bound, jbooleanArray at_rest, jintArray out) {
    (void) cls;
    if (!usable(width)) {
        return INT64_MIN + 1;
    }
    core_updater update = core_updaters[width];
    lent a[] = {{q, NULL, 0}, {u, NULL, 0}, {v, NULL, 0}, {refract, NULL, 0}, {flags, NULL, 0}, {bound, NULL, 0},
                {at_rest, NULL, 0}, {out, NULL, 0}};
    int ok = lend(env, a, 8);
    jlong result = 0;
    if (ok) {
        result = update_packed(update, uniform_core_updaters[width], (*env)->GetDirectBufferAddress(env, network), a[0].at, a[1].at, a[2].at,
                               a[3].at, a[4].at, a[5].at, a[6].at, a[7].at);
    }
    give_back(env, a, 8, ok);
    return result;
}

/*
 * dev.loihi.emulator.NativeAdds.listSpikes(int lister, int[] flags, int from, int to, int[] spikes): one
 * spike lister run alone, so that the tests compare each one this processor has with Java's listing
 * (a step only ever uses the widest). Returns the count, with the OR of the flag words in the high
 * 32 bits; -1 where the processor lacks the lister.
 */
JNIEXPORT jlong JNICALL Java_dev_loihi_emulator_NativeAdds_listSpikes(JNIEnv *env, jclass cls, jint which,
                                                                     jintArray flags, jint from, jint to,
                                                                     jintArray spikes) {
    (void) cls;
    if (!usable(which)) {
        return -1;
    }
    spike_lister list = listers[which];
    lent a[] = {{flags, NULL, JNI_ABORT}, {spikes, NULL, 0}};
    int ok = lend(env, a, 2);
    jlong out = 0;
    if (ok) {
        int32_t any = 0;
        int32_t count = list(a[0].at, from, to, a[1].at, 0, &any);
        out = (jlong) count | (jlong) (uint32_t) any << 32;
    }
    give_back(env, a, 2, ok);
    return out;
}

/*
 * dev.loihi.emulator.NativeAdds.addByteValues(int width, int[] q, int first, short[] mem, int at, int length,
 *     int shift): one byte adder alone (bytes_plain, bytes_avx2, bytes_avx512: add_bytes is the widest), on
 * the values of a bytes block from mem[at], so that the tests compare each one this processor has with
 * Java's sums; false where it lacks it.
 */
JNIEXPORT jboolean JNICALL Java_dev_loihi_emulator_NativeAdds_addByteValues(JNIEnv *env, jclass cls, jint width,
                                                                            jintArray q, jint first, jshortArray mem,
                                                                            jint at, jint length, jint shift) {
    (void) cls;
    if (!usable(width)) {
        return JNI_FALSE;
    }
    lent a[] = {{q, NULL, 0}, {mem, NULL, JNI_ABORT}};
    int ok = lend(env, a, 2);
    if (ok) {
        byte_adders[width]((uint32_t *) a[0].at + first, (const int8_t *) ((const int16_t *) a[1].at + at), length,
                           (uint32_t) shift);
    }
    give_back(env, a, 2, ok);
    return JNI_TRUE;
}

/* What the shards of a threaded step post to each other and deliver (SpikeExchange). */
#include "spike_exchange.c"
