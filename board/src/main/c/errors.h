/*
 * errors.h -- the thread's last-error detail behind loihi_last_error().
 */
#ifndef LOIHI_ERRORS_H
#define LOIHI_ERRORS_H

/* Records "what: key=value, ..." for the calling thread and returns `code`. */
int error_set(int code, const char *format, ...) __attribute__((format(printf, 2, 3)));

/* Clears the calling thread's detail (a call that succeeds leaves no stale message). */
void error_clear(void);

const char *error_detail(void);

#endif /* LOIHI_ERRORS_H */
