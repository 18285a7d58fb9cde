/*
 * probes.h -- the host's copy of probe memory: the voltages of the latest step the board
 * delivered. They arrive in chunks ahead of the step's STEP_DONE, so when the host reads
 * STEP_DONE for step s the memory holds step s.
 */
#ifndef LOIHI_PROBES_H
#define LOIHI_PROBES_H

#include <stdint.h>

struct probe_memory {
    int enabled;          /* the run has at least one voltage probe */
    int32_t *values;
    uint32_t capacity;
    uint32_t count;       /* values of `step` */
    uint64_t step;
    int has_step;
    uint32_t filling;     /* values received so far of the step being assembled */
    uint32_t next_chunk;
};

/* Empties the memory for a new run; `enabled` says whether the run probes any voltage. */
void probes_reset(struct probe_memory *memory, int enabled);

/* Takes chunk `chunk` of `chunk_count` of the voltages of `step`; chunks come in order. */
int probes_store(struct probe_memory *memory, uint64_t step, uint32_t chunk, uint32_t chunk_count,
                 const int32_t *values, uint32_t n);

void probes_free(struct probe_memory *memory);

#endif /* LOIHI_PROBES_H */
