/*
 * errors.c -- status names and the per-thread error detail.
 */
#include "errors.h"

#include <stdarg.h>
#include <stdio.h>

#include "loihi_driver.h"

/* Sized for a path plus a few key=value pairs; longer details are cut, never overflow. */
static _Thread_local char detail[1024];

int error_set(int code, const char *format, ...) {
    va_list args;
    va_start(args, format);
    vsnprintf(detail, sizeof detail, format, args);
    va_end(args);
    return code;
}

void error_clear(void) {
    detail[0] = '\0';
}

const char *error_detail(void) {
    return detail;
}

const char *loihi_last_error(void) {
    return detail;
}

const char *loihi_error_message(int code) {
    switch (code) {
    case LOIHI_OK: return "LOIHI_OK: success";
    case LOIHI_STATUS_EMPTY: return "LOIHI_STATUS_EMPTY: no message arrived within the wait";
    case LOIHI_STATUS_FULL: return "LOIHI_STATUS_FULL: the board waits for the host to read output";
    case LOIHI_E_ARGUMENT: return "LOIHI_E_ARGUMENT: a null pointer or a value out of range";
    case LOIHI_E_OPTIONS: return "LOIHI_E_OPTIONS: malformed options or an unknown key";
    case LOIHI_E_MAILBOX_OPEN: return "LOIHI_E_MAILBOX_OPEN: the mailbox file cannot be opened or mapped";
    case LOIHI_E_MAILBOX_FORMAT: return "LOIHI_E_MAILBOX_FORMAT: the file is not a mailbox this driver reads";
    case LOIHI_E_BUSY: return "LOIHI_E_BUSY: another host holds the board's session";
    case LOIHI_E_PEER_GONE: return "LOIHI_E_PEER_GONE: the board's process has exited";
    case LOIHI_E_PEER_STALLED: return "LOIHI_E_PEER_STALLED: the board made no progress within the timeout";
    case LOIHI_E_BOARD_CLOSED: return "LOIHI_E_BOARD_CLOSED: the board shut its mailbox down";
    case LOIHI_E_SESSION_LOST: return "LOIHI_E_SESSION_LOST: the board ended this host's session";
    case LOIHI_E_PROTOCOL: return "LOIHI_E_PROTOCOL: a sequence gap or an unexpected message";
    case LOIHI_E_BOARD: return "LOIHI_E_BOARD: the board refused the request";
    case LOIHI_E_TOO_LARGE: return "LOIHI_E_TOO_LARGE: more data than the board or the buffer takes";
    case LOIHI_E_STATE: return "LOIHI_E_STATE: the call is not valid in the current state";
    case LOIHI_E_SYSTEM: return "LOIHI_E_SYSTEM: an operating system call failed";
    default: return "LOIHI_E_UNKNOWN: not a code of this ABI";
    }
}
