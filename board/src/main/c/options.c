/*
 * options.c -- parses the options string of loihi_open. Unknown or repeated keys are errors:
 * a mistyped key must not silently fall back to a default.
 */
#include "options.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "loihi_driver.h"

#define KEY_MAX 32

static int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Copies text[0..length) to out, undoing %XX escapes. */
static int unescape(const char *text, size_t length, char *out, size_t capacity, const char *key) {
    size_t n = 0;
    for (size_t i = 0; i < length; i++) {
        char c = text[i];
        if (c == '%') {
            int hi = i + 2 < length ? hex_digit(text[i + 1]) : -1;
            int lo = i + 2 < length ? hex_digit(text[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                return error_set(LOIHI_E_OPTIONS, "bad %%-escape in option: key=%s", key);
            }
            c = (char) (hi * 16 + lo);
            i += 2;
            if (c == '\0') {
                /* A NUL would end the value early: the path used would silently not be the one given. */
                return error_set(LOIHI_E_OPTIONS, "option value holds a NUL byte (%%00): key=%s", key);
            }
        }
        if (n + 1 >= capacity) {
            return error_set(LOIHI_E_OPTIONS, "option value too long: key=%s, max_bytes=%zu", key, capacity - 1);
        }
        out[n++] = c;
    }
    out[n] = '\0';
    return LOIHI_OK;
}

static int parse_u32(const char *key, const char *value, uint32_t min, uint32_t max, uint32_t *out) {
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(value, &end, 10);
    if (value[0] == '\0' || value[0] == '-' || value[0] == '+' || *end != '\0' || errno != 0) {
        return error_set(LOIHI_E_OPTIONS, "option is not a whole number: key=%s, value=%s", key, value);
    }
    if (v < min || v > max) {
        return error_set(LOIHI_E_OPTIONS, "option out of range: key=%s, value=%llu, min=%u, max=%u", key, v, min, max);
    }
    *out = (uint32_t) v;
    return LOIHI_OK;
}

static int apply(struct options *o, const char *key, const char *value) {
    if (strcmp(key, "mailbox") == 0) {
        if (value[0] == '\0') {
            return error_set(LOIHI_E_OPTIONS, "empty option: key=mailbox");
        }
        strcpy(o->mailbox, value);
        return LOIHI_OK;
    }
    if (strcmp(key, "timeout_ms") == 0) {
        return parse_u32(key, value, 1, OPTIONS_MAX_TIMEOUT_MS, &o->timeout_ms);
    }
    if (strcmp(key, "spin_us") == 0) {
        return parse_u32(key, value, 0, OPTIONS_MAX_SPIN_US, &o->spin_us);
    }
    if (strcmp(key, "request_timeout_ms") == 0) {
        return parse_u32(key, value, 1, OPTIONS_MAX_REQUEST_TIMEOUT_MS, &o->request_timeout_ms);
    }
    return error_set(LOIHI_E_OPTIONS, "unknown option: key=%s, known=mailbox,timeout_ms,spin_us,request_timeout_ms", key);
}

static unsigned key_bit(const char *key) {
    if (strcmp(key, "mailbox") == 0) return 1u;
    if (strcmp(key, "timeout_ms") == 0) return 2u;
    if (strcmp(key, "spin_us") == 0) return 4u;
    if (strcmp(key, "request_timeout_ms") == 0) return 8u;
    return 0u;
}

int options_parse(const char *text, struct options *o) {
    memset(o, 0, sizeof *o);
    o->timeout_ms = OPTIONS_DEFAULT_TIMEOUT_MS;
    o->spin_us = OPTIONS_DEFAULT_SPIN_US;
    o->request_timeout_ms = OPTIONS_DEFAULT_REQUEST_TIMEOUT_MS;
    if (text == NULL) {
        return error_set(LOIHI_E_OPTIONS, "no options: required=mailbox");
    }
    unsigned seen = 0;
    const char *p = text;
    while (*p != '\0') {
        const char *end = strchr(p, '&');
        size_t length = end != NULL ? (size_t) (end - p) : strlen(p);
        const char *eq = memchr(p, '=', length);
        if (eq == NULL) {
            return error_set(LOIHI_E_OPTIONS, "option without '=': option=%.*s", (int) length, p);
        }
        char key[KEY_MAX];
        size_t key_length = (size_t) (eq - p);
        if (key_length == 0 || key_length >= KEY_MAX) {
            return error_set(LOIHI_E_OPTIONS, "bad option key: option=%.*s", (int) length, p);
        }
        memcpy(key, p, key_length);
        key[key_length] = '\0';
        char value[PATH_MAX];
        int status = unescape(eq + 1, length - key_length - 1, value, sizeof value, key);
        if (status != LOIHI_OK) {
            return status;
        }
        unsigned bit = key_bit(key);
        if (bit != 0 && (seen & bit) != 0) {
            return error_set(LOIHI_E_OPTIONS, "option given twice: key=%s", key);
        }
        seen |= bit;
        status = apply(o, key, value);
        if (status != LOIHI_OK) {
            return status;
        }
        p = end != NULL ? end + 1 : p + length;
    }
    if ((seen & 1u) == 0) {
        return error_set(LOIHI_E_OPTIONS, "missing option: key=mailbox, options=%s", text);
    }
    return LOIHI_OK;
}
