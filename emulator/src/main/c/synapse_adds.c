/*
 * The emulator's native kernel (docs/ARCHITECTURE.md, "Emulator"): adds a batch of synapse
 * blocks to q, the hot loop of LOIHI.md step 1. NetworkRuntime queues the blocks a step
 * delivers (offset in synapse memory, first compartment of the target core) and calls this once
 * per batch; it reads the block layout of NetworkLayout:
 *
 *   dense:  | length | shift<<1 | 1 | bound bits | first | w_0 | ... | w_length-1 |
 *   sparse: | length | shift<<1 | 0 | bound bits | c_0 | w_0 | c_1 | w_1 | ... |
 *
 * Sums are taken modulo 2^32 in unsigned arithmetic, as Java's int adds wrap, so the result
 * is bit for bit the Java path's. The dense loop widens 16-bit weights to 32-bit lanes, which
 * gcc vectorises; target_clones picks the AVX-512, AVX2 or plain build at load time.
 */
#include <jni.h>
#include <stdint.h>

enum { DENSE_HEADER = 4, SPARSE_HEADER = 3 };

__attribute__((target_clones("avx512f", "avx2", "default")))
static void add_blocks(uint32_t *restrict q, const int16_t *restrict mem, const int32_t *restrict offsets,
                       const int32_t *restrict bases, int32_t count) {
    for (int32_t b = 0; b < count; b++) {
        const int16_t *block = mem + offsets[b];
        int32_t length = block[0];
        int32_t info = block[1];
        uint32_t shift = (uint32_t) (info >> 1);
        if (info & 1) {
            uint32_t *restrict acc = q + bases[b] + block[DENSE_HEADER - 1];
            const int16_t *restrict w = block + DENSE_HEADER;
            for (int32_t k = 0; k < length; k++) {
                acc[k] += (uint32_t) (int32_t) w[k] << shift;
            }
        } else {
            uint32_t *restrict acc = q + bases[b];
            const int16_t *restrict pair = block + SPARSE_HEADER;
            for (int32_t k = 0; k < length; k++) {
                acc[pair[2 * k]] += (uint32_t) (int32_t) pair[2 * k + 1] << shift;
            }
        }
    }
}

/* dev.loihi.emulator.NativeAdds.addBlocks(int[] q, short[] mem, int[] offsets, int[] bases, int count) */
JNIEXPORT void JNICALL Java_dev_loihi_emulator_NativeAdds_addBlocks(JNIEnv *env, jclass cls, jintArray q,
                                                                    jshortArray mem, jintArray offsets,
                                                                    jintArray bases, jint count) {
    (void) cls;
    /* critical sections: HotSpot hands out the arrays in place, no copy, for the length of the call */
    uint32_t *qs = (*env)->GetPrimitiveArrayCritical(env, q, NULL);
    int16_t *ms = (*env)->GetPrimitiveArrayCritical(env, mem, NULL);
    int32_t *os = (*env)->GetPrimitiveArrayCritical(env, offsets, NULL);
    int32_t *bs = (*env)->GetPrimitiveArrayCritical(env, bases, NULL);
    if (qs != NULL && ms != NULL && os != NULL && bs != NULL) {
        add_blocks(qs, ms, os, bs, count);
    } else {
        /* only when the JVM is out of memory; thrown once this call returns */
        jclass oom = (*env)->FindClass(env, "java/lang/OutOfMemoryError");
        if (oom != NULL) {
            (*env)->ThrowNew(env, oom, "synapse adds: the JVM could not lend the arrays");
        }
    }
    if (bs != NULL) {
        (*env)->ReleasePrimitiveArrayCritical(env, bases, bs, JNI_ABORT);
    }
    if (os != NULL) {
        (*env)->ReleasePrimitiveArrayCritical(env, offsets, os, JNI_ABORT);
    }
    if (ms != NULL) {
        (*env)->ReleasePrimitiveArrayCritical(env, mem, ms, JNI_ABORT);
    }
    if (qs != NULL) {
        (*env)->ReleasePrimitiveArrayCritical(env, q, qs, 0);
    }
}
