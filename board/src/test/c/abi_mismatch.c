/*
 * abi_mismatch.c -- a test library that claims an ABI version no host was built for, so the
 * Java binding's version check can be tested against a real shared library.
 */
#include <stdint.h>

#include "loihi_driver.h"

/* Far from any real version: a host must refuse it before calling anything else. */
LOIHI_API uint32_t loihi_abi_version(void) {
    return LOIHI_ABI_VERSION + 98u;
}
