/*
 * probes.c -- host-side probe memory.
 */
#include "probes.h"

#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "loihi_driver.h"

void probes_free(struct probe_memory *m) {
    free(m->values);
    memset(m, 0, sizeof *m);
}

void probes_reset(struct probe_memory *m, int enabled) {
    m->enabled = enabled;
    m->count = 0;
    m->step = 0;
    m->has_step = 0;
    m->filling = 0;
    m->next_chunk = 0;
}

int probes_store(struct probe_memory *m, uint64_t step, uint32_t chunk, uint32_t chunk_count,
                 const int32_t *values, uint32_t n) {
    if (!m->enabled) {
        return error_set(LOIHI_E_PROTOCOL, "voltage data in a run without voltage probes: step=%llu",
                         (unsigned long long) step);
    }
    if (chunk >= chunk_count || chunk != m->next_chunk) {
        return error_set(LOIHI_E_PROTOCOL, "voltage chunk out of order: step=%llu, chunk=%u, chunks=%u, expected=%u",
                         (unsigned long long) step, chunk, chunk_count, m->next_chunk);
    }
    uint32_t offset = chunk == 0 ? 0 : m->filling;
    uint64_t needed = (uint64_t) offset + n;
    if (needed > UINT32_MAX / sizeof(int32_t)) {
        return error_set(LOIHI_E_PROTOCOL, "probe memory too large: values=%llu", (unsigned long long) needed);
    }
    if (needed > m->capacity) {
        int32_t *grown = realloc(m->values, (size_t) needed * sizeof(int32_t));
        if (grown == NULL) {
            return error_set(LOIHI_E_SYSTEM, "out of memory: probe values=%llu", (unsigned long long) needed);
        }
        m->values = grown;
        m->capacity = (uint32_t) needed;
    }
    /* The step being assembled overwrites the previous one: the host reads probe memory only
       after the STEP_DONE that follows the step's last chunk. */
    m->has_step = 0;
    if (n > 0) {
        memcpy(m->values + offset, values, (size_t) n * sizeof(int32_t));
    }
    m->filling = (uint32_t) needed;
    m->next_chunk = chunk + 1;
    if (chunk + 1 == chunk_count) {
        m->count = m->filling;
        m->step = step;
        m->has_step = 1;
        m->next_chunk = 0;
    }
    return LOIHI_OK;
}
