/*
 * options.h -- the driver's options string ("mailbox=/dev/shm/x&timeout_ms=2000").
 */
#ifndef LOIHI_OPTIONS_H
#define LOIHI_OPTIONS_H

#include <limits.h>
#include <stdint.h>

#define OPTIONS_DEFAULT_TIMEOUT_MS 5000u
#define OPTIONS_MAX_TIMEOUT_MS 3600000u
/* Long enough to catch the answer to a step on two free cores (about 5 us) and the board's
   next message in a busy run; on a machine whose cores are shared, 0 serves better
   (docs/NATIVE_DRIVER.md, Latency). */
#define OPTIONS_DEFAULT_SPIN_US 50u
#define OPTIONS_DEFAULT_REQUEST_TIMEOUT_MS 30000u
/* A request wait is counted in microseconds in a uint32. */
#define OPTIONS_MAX_REQUEST_TIMEOUT_MS 3600000u
#define OPTIONS_MAX_SPIN_US 100000u

struct options {
    char mailbox[PATH_MAX];
    uint32_t timeout_ms;
    uint32_t spin_us;
    uint32_t request_timeout_ms;
};

/* Parses and validates every key once; names the key and value in the error detail. */
int options_parse(const char *text, struct options *out);

#endif /* LOIHI_OPTIONS_H */
