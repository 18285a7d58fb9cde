package dev.loihi.emulator;

import java.nio.file.Path;

/** {@code TraceStreamerMain RAW.json OUT.json}: the streamed trace, run in a forked JVM of small heap by {@link TraceStreamerTest}. */
final class TraceStreamerMain {
    private TraceStreamerMain() {}

    public static void main(String[] args) {
        RawNetwork raw = RawNetworkReader.read(Path.of(args[0]));
        TraceStreamer.write(raw, Path.of(args[1]), TraceStreamer.allKinds(), 1, raw.steps());
    }
}
