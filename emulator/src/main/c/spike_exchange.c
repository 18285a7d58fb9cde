/*
 * The spikes the shards of a threaded step hand each other (SpikeExchange): postRoutes walks the
 * routes of a shard's own spikes once and posts each (core, block offset in synapse memory) pair
 * to the region of the shard that owns the core; deliverPairs adds a region's blocks to q.
 * Included at the end of synapse_adds.c, whose block adder, prefetch constants and array lending
 * it uses; kept in a file of its own because the rest of the kernel changes for other reasons.
 *
 * With a flat list the blocks PAIR_AHEAD on are fetched by one read of the list each, not through
 * a spike's routes (route starts read again for every spike, and a loop whose trip count the
 * branch predictor cannot know); with bodies, the rest of the blocks PAIR_BODY_AHEAD on, their
 * headers being in cache by then.
 */
enum { PAIR_AHEAD = 2 * BLOCK_AHEAD, PAIR_BODY_AHEAD = 2 * BODY_AHEAD };
/* Where a sender's region counts start in its array of them (SpikeExchange.USED_AT). */
enum { USED_AT = 16 };

__attribute__((target_clones("avx512f", "avx2", "default")))
static void deliver_pairs(uint32_t *restrict q, const int16_t *restrict mem, const int32_t *restrict pairs,
                          int32_t count, const int32_t *restrict core_start, int64_t *restrict bound,
                          int32_t prefetch) {
    for (int32_t k = 0; k < count; k++) {
        if (prefetch) {
            if (k + PAIR_AHEAD < count) {
                prefetch_block(mem + pairs[2 * (k + PAIR_AHEAD) + 1], 0);
            }
            if (prefetch == PREFETCH_BLOCKS && k + PAIR_BODY_AHEAD < count) {
                prefetch_block(mem + pairs[2 * (k + PAIR_BODY_AHEAD) + 1], 1);
            }
        }
        int32_t c = pairs[2 * k];
        const int16_t *block = mem + pairs[2 * k + 1];
        add_block(q + core_start[c], block);
        bound[c] += (int64_t) 1 << block[BOUND_BITS];
    }
}

/*
 * dev.loihi.emulator.NativeAdds.deliverPairs(int[] q, short[] mem, int[] coreStart, long[] bound, int[] pairs,
 *     int from, int count, int prefetch)
 */
JNIEXPORT void JNICALL Java_dev_loihi_emulator_NativeAdds_deliverPairs(
        JNIEnv *env, jclass cls, jintArray q, jshortArray mem, jintArray core_start, jlongArray bound,
        jintArray pairs, jint from, jint count, jint prefetch) {
    (void) cls;
    lent a[] = {{q, NULL, 0}, {mem, NULL, JNI_ABORT}, {core_start, NULL, JNI_ABORT}, {bound, NULL, 0},
                {pairs, NULL, JNI_ABORT}};
    int ok = lend(env, a, 5);
    if (ok) {
        deliver_pairs(a[0].at, a[1].at, (const int32_t *) a[4].at + from, count, a[2].at, a[3].at, prefetch);
    }
    give_back(env, a, 5, ok);
}

/*
 * The routes of spikes[0..count) posted to the regions of out (receiver r's from regions[r] to
 * regions[r + 1]), receiver r's count in used[r]. The routes of the spike ROUTE_AHEAD on are
 * fetched while this one's are posted, and where they start for the spike 2 * ROUTE_AHEAD on: a
 * shard's spiking compartments are a tenth of its own, so their routes are lines apart. Returns -1,
 * or the receiver whose region ran out (its count stops there).
 */
static int32_t post_routes(const int32_t *restrict spikes, int32_t count, const int32_t *restrict start,
                           const int32_t *restrict pairs, const int32_t *restrict shard_of_core,
                           int32_t *restrict out, const int32_t *restrict regions, int32_t *restrict used) {
    for (int32_t s = 0; s < count; s++) {
        if (s + 2 * ROUTE_AHEAD < count) {
            __builtin_prefetch(start + spikes[s + 2 * ROUTE_AHEAD], 0, 3);
        }
        if (s + ROUTE_AHEAD < count) {
            __builtin_prefetch(pairs + 2 * start[spikes[s + ROUTE_AHEAD]], 0, 3);
        }
        int32_t i = spikes[s];
        for (int32_t k = 2 * start[i], e = 2 * start[i + 1]; k < e; k += 2) {
            int32_t c = pairs[k];
            int32_t r = shard_of_core[c];
            int32_t n = used[r];
            if (regions[r] + n + 2 > regions[r + 1]) {
                return r;
            }
            int32_t *at = out + regions[r] + n;
            at[0] = c;
            at[1] = pairs[k + 1];
            used[r] = n + 2;
        }
    }
    return -1;
}

/*
 * dev.loihi.emulator.NativeAdds.postRoutes(int[] spikes, int count, int[] routeStart, int[] routeTargets,
 *     int[] shardOfCore, int[] out, int[] regions, int[] used)
 */
JNIEXPORT jint JNICALL Java_dev_loihi_emulator_NativeAdds_postRoutes(
        JNIEnv *env, jclass cls, jintArray spikes, jint count, jintArray route_start, jintArray route_targets,
        jintArray shard_of_core, jintArray out, jintArray regions, jintArray used) {
    (void) cls;
    lent a[] = {{spikes, NULL, JNI_ABORT}, {route_start, NULL, JNI_ABORT}, {route_targets, NULL, JNI_ABORT},
                {shard_of_core, NULL, JNI_ABORT}, {out, NULL, 0}, {regions, NULL, JNI_ABORT}, {used, NULL, 0}};
    int ok = lend(env, a, 7);
    jint full = -1;
    if (ok) {
        full = post_routes(a[0].at, count, a[1].at, a[2].at, a[3].at, a[4].at, a[5].at,
                           (int32_t *) a[6].at + USED_AT);
    }
    give_back(env, a, 7, ok);
    return full;
}
