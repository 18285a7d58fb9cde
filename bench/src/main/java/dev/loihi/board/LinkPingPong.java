package dev.loihi.board;

import dev.loihi.emulator.server.EmulatorServer;
import dev.loihi.emulator.server.ServerOptions;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.link.RunSpec;
import dev.loihi.snips.wire.NettyTransports;
import java.util.Arrays;

/**
 * Ping-pong latency of the interactive link, as a distribution: every step's round trip is
 * timed from host code handing over one step's input to host code being called with that
 * step's output. Prints percentiles per spike count.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.loihi.board.LinkPingPong [tcp|in-process|tcp://HOST:PORT] [steps] [spikes...]
 * java -cp bench/target/benchmarks.jar dev.loihi.board.LinkPingPong serve PORT    (a server for tcp://HOST:PORT)
 * </pre>
 */
public final class LinkPingPong {
    private LinkPingPong() {}

    public static void main(String[] args) {
        String kind = args.length > 0 ? args[0] : "tcp";
        if ("serve".equals(kind)) {
            try (EmulatorServer server = EmulatorServer.start(ServerOptions.loopback(Integer.parseInt(args[1])))) {
                System.out.println("serving on port " + server.port());
                server.awaitClose();
            }
            return;
        }
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int[] counts = args.length > 2 ? Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {50, 1000};
        System.out.println("link: " + kind + ", transport: " + NettyTransports.describe());
        try (LinkFixture fixture = new LinkFixture(kind)) {
            for (int spikes : counts) {
                measure(fixture, steps / 4, spikes);
                long[] ns = measure(fixture, steps, spikes);
                Arrays.sort(ns);
                System.out.printf("spikes=%d each way, steps=%d: p50=%.1f us, p90=%.1f us, p99=%.1f us, max=%.1f us%n",
                        spikes, ns.length, ns[ns.length / 2] / 1e3, ns[(int) (ns.length * 0.9)] / 1e3,
                        ns[(int) (ns.length * 0.99)] / 1e3, ns[ns.length - 1] / 1e3);
            }
        }
    }

    /** Round-trip times of steps 1..steps-1 of one interactive run. */
    private static long[] measure(LinkFixture fixture, int steps, int spikes) {
        long[] at = new long[steps];
        fixture.link.runInteractive(RunSpec.of(steps, ChannelConfig.defaults()).withResetState(false), (step, prev, in) -> {
            at[step] = System.nanoTime();
            int first = (step * 37) % EchoImage.SIZE;
            for (int i = 0; i < spikes; i++) {
                in.spike(0, (first + i) % EchoImage.SIZE);
            }
        });
        long[] rtt = new long[steps - 1];
        for (int t = 1; t < steps; t++) {
            rtt[t - 1] = at[t] - at[t - 1];
        }
        return rtt;
    }
}
