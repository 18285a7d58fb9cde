package dev.loihi.emulator.mailbox;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The few Linux libc calls the mailbox needs and the JDK does not offer: an anonymous memory
 * file that can be sealed against shrinking, and a unix-domain socket that passes its
 * descriptor (SCM_RIGHTS). Constants are Linux's, the same on x86-64 and arm64; structures are
 * laid out for 64-bit pointers ({@link #SUPPORTED} says whether this JVM has them).
 */
interface LibC extends Library {
    LibC C = Native.load("c", LibC.class);

    /** Linux, with 64-bit pointers: the layouts of {@code msghdr} and {@code cmsghdr} below. */
    boolean SUPPORTED = com.sun.jna.Platform.isLinux() && Native.POINTER_SIZE == 8;

    int MFD_CLOEXEC = 0x0001;
    int MFD_ALLOW_SEALING = 0x0002;
    int F_ADD_SEALS = 1033;
    int F_GET_SEALS = 1034;
    int F_SEAL_SEAL = 0x0001;
    int F_SEAL_SHRINK = 0x0002;
    int F_SEAL_GROW = 0x0004;

    int AF_UNIX = 1;
    int SOCK_STREAM = 1;
    int SOCK_CLOEXEC = 0x80000;
    int SOL_SOCKET = 1;
    int SCM_RIGHTS = 1;
    int MSG_DONTWAIT = 0x40;
    int MSG_NOSIGNAL = 0x4000;
    short POLLIN = 0x0001;
    /** {@code sun_path} of {@code sockaddr_un}, its terminating NUL included. */
    int SUN_PATH_BYTES = 108;

    int memfd_create(String name, int flags) throws LastErrorException;

    int ftruncate(int fd, long length) throws LastErrorException;

    int fcntl(int fd, int cmd, int arg) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, byte[] address, int length) throws LastErrorException;

    int listen(int fd, int backlog) throws LastErrorException;

    int accept4(int fd, Pointer address, Pointer length, int flags) throws LastErrorException;

    long sendmsg(int fd, Pointer message, int flags) throws LastErrorException;

    int poll(Pointer fds, long count, int timeoutMs) throws LastErrorException;
}
