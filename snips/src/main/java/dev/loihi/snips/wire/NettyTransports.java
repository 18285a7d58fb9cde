package dev.loihi.snips.wire;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The socket transport both link ends use: Linux epoll when the native library loads (fewer
 * copies and wake-ups on the per-step round trip), Java NIO otherwise. The choice sits behind
 * {@link Epoll#isAvailable()}, as Netty recommends, so the link works on any JVM.
 */
public final class NettyTransports {
    private NettyTransports() {}

    /** Set to {@code false} to force NIO, e.g. to compare the two. */
    public static final String USE_EPOLL_PROPERTY = "loihi.link.epoll";

    /** Decided once, so every group and channel class of the process agree. */
    private static final boolean EPOLL =
            Boolean.parseBoolean(System.getProperty(USE_EPOLL_PROPERTY, "true")) && Epoll.isAvailable();

    public static boolean epoll() {
        return EPOLL;
    }

    /** "epoll" or "nio (reason epoll is unavailable)". */
    public static String describe() {
        if (epoll()) {
            return "epoll";
        }
        Throwable cause = Epoll.unavailabilityCause();
        return "nio" + (cause == null ? "" : " (epoll unavailable: " + cause.getMessage() + ")");
    }

    public static EventLoopGroup group(int threads, String name) {
        IoHandlerFactory factory = epoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
    }

    public static Class<? extends ServerChannel> serverChannel() {
        return epoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public static Class<? extends SocketChannel> channel() {
        return epoll() ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
