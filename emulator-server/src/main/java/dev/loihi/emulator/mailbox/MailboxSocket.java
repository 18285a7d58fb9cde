package dev.loihi.emulator.mailbox;

import dev.loihi.common.LoihiException;
import dev.loihi.emulator.server.ServerErrors;
import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The mailbox's name in the file system: a unix-domain socket at the mailbox path. Each peer
 * that connects is sent one byte carrying the sealed memory's descriptor (SCM_RIGHTS) and is
 * then hung up on; the driver maps what it received. Nothing at the path can be mapped, so
 * nothing there can be truncated under a mapping.
 *
 * <p>A thread of its own answers connections; sends never block (a peer that does not read
 * gets its byte queued in the socket buffer, and the connection is closed regardless).
 */
public final class MailboxSocket implements AutoCloseable {
    private static final int POLL_MS = 100;
    private static final int BACKLOG = 16;

    private final Path path;
    private final int listener;
    private final int memoryFd;
    private final Thread thread;
    private volatile boolean stopping;

    private MailboxSocket(Path path, int listener, int memoryFd) {
        this.path = path;
        this.listener = listener;
        this.memoryFd = memoryFd;
        this.thread = new Thread(this::answer, "loihi-mailbox-socket " + path.getFileName());
        this.thread.setDaemon(true);
    }

    /** Binds {@code path} (which must not exist) and starts handing out {@code memoryFd}. */
    public static MailboxSocket open(Path path, int memoryFd) {
        Path target = path.toAbsolutePath();
        byte[] address = address(target);
        int fd;
        try {
            fd = LibC.C.socket(LibC.AF_UNIX, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw failure("socket", target, e);
        }
        try {
            LibC.C.bind(fd, address, address.length);
        } catch (LastErrorException e) {
            SealedMemory.closeQuietly(fd);
            throw failure("bind", target, e);
        }
        try {
            LibC.C.listen(fd, BACKLOG);
        } catch (LastErrorException e) {
            SealedMemory.closeQuietly(fd);
            deleteQuietly(target);
            throw failure("listen", target, e);
        }
        MailboxSocket socket = new MailboxSocket(target, fd, memoryFd);
        socket.thread.start();
        return socket;
    }

    /** A {@code sockaddr_un} for {@code path}; MAILBOX_BAD_CONFIG when the path does not fit one. */
    private static byte[] address(Path path) {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length >= LibC.SUN_PATH_BYTES) {
            throw new LoihiException(ServerErrors.MAILBOX_BAD_CONFIG, "mailbox path too long for a unix socket: mailbox=" + path
                    + ", bytes=" + name.length + ", max=" + (LibC.SUN_PATH_BYTES - 1));
        }
        byte[] address = new byte[2 + name.length + 1];
        address[java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? 0 : 1] = (byte) LibC.AF_UNIX; // sa_family_t
        System.arraycopy(name, 0, address, 2, name.length);
        return address;
    }

    public Path path() {
        return path;
    }

    private void answer() {
        Memory pollFd = new Memory(8);
        Message message = new Message(memoryFd);
        while (!stopping) {
            pollFd.setInt(0, listener);
            pollFd.setShort(4, LibC.POLLIN);
            pollFd.setShort(6, (short) 0);
            try {
                if (LibC.C.poll(pollFd, 1, POLL_MS) <= 0) {
                    continue;
                }
                int peer = LibC.C.accept4(listener, null, null, LibC.SOCK_CLOEXEC);
                try {
                    LibC.C.sendmsg(peer, message.header, LibC.MSG_DONTWAIT | LibC.MSG_NOSIGNAL);
                } catch (LastErrorException e) {
                    // the peer left before its byte went out: nothing was handed over
                } finally {
                    SealedMemory.closeQuietly(peer);
                }
            } catch (LastErrorException e) {
                // EINTR, or a peer that reset before accept: the next poll carries on
            }
        }
    }

    /** Stops answering, closes the socket and removes it from the file system. */
    @Override
    public void close() {
        if (stopping) {
            return;
        }
        stopping = true;
        try {
            thread.join(10L * POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        SealedMemory.closeQuietly(listener);
        deleteQuietly(path);
    }

    private static LoihiException failure(String call, Path path, LastErrorException e) {
        return new LoihiException(ServerErrors.MAILBOX_IO, "cannot open the mailbox socket: mailbox=" + path + ", call=" + call
                + ", errno=" + e.getErrorCode() + ", reason=" + e.getMessage());
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a socket nobody listens on is a stale mailbox: the next board replaces it
        }
    }

    /**
     * One {@code msghdr} (64-bit layout) with a one-byte iovec and an SCM_RIGHTS control message
     * carrying {@code fd}; built once, sent to every peer.
     */
    private static final class Message {
        private static final int MSGHDR_BYTES = 56;
        private static final int CMSG_HEADER_BYTES = 16;
        private static final int CMSG_SPACE = 24; // CMSG_SPACE(sizeof(int))
        final Memory header = new Memory(MSGHDR_BYTES);
        private final Memory data = new Memory(1);
        private final Memory iov = new Memory(16);
        private final Memory control = new Memory(CMSG_SPACE);

        Message(int fd) {
            data.setByte(0, (byte) 'M');
            iov.setPointer(0, data);
            iov.setLong(8, 1);
            control.clear();
            control.setLong(0, CMSG_HEADER_BYTES + Integer.BYTES); // cmsg_len = CMSG_LEN(sizeof(int))
            control.setInt(8, LibC.SOL_SOCKET);
            control.setInt(12, LibC.SCM_RIGHTS);
            control.setInt(16, fd);
            header.clear();
            header.setPointer(16, iov);          // msg_iov
            header.setLong(24, 1);               // msg_iovlen
            header.setPointer(32, control);      // msg_control
            header.setLong(40, CMSG_SPACE);      // msg_controllen
        }
    }
}
