package dev.loihi.fuzz;

import dev.loihi.cli.config.SettingsLoader;
import dev.loihi.common.LoihiException;
import dev.loihi.compiler.io.CsvReader;
import dev.loihi.compiler.io.NpyReader;
import dev.loihi.compiler.keras.KerasImporter;
import dev.loihi.compiler.nativefmt.NativeNetworkParser;
import dev.loihi.emulator.RawNetworkReader;
import dev.loihi.emulator.TraceReader;
import dev.loihi.image.ImageReader;
import dev.loihi.snips.wire.FrameDecoder;
import dev.loihi.snips.wire.FrameException;
import dev.loihi.snips.wire.ProtocolDescriptor;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One file of the malformed corpus given to the real decoder of its format, which the file
 * name's prefix says (frame-, image-, raw-, trace-, keras-, npy-, csv-, config-, native-).
 */
final class MalformedInput {
    /** What a decoder said when it refused a file: the error code and the one-line message. */
    record Refusal(String code, String message) {}

    private MalformedInput() {}

    /** The refusal, or null when the decoder accepted the file. */
    static Refusal decode(Path file, Path weights) {
        try {
            accept(file, weights);
            return null;
        } catch (LoihiException e) {
            return new Refusal(e.code(), e.getMessage());
        } catch (FrameException e) {
            return new Refusal(e.code().name(), e.getMessage());
        }
    }

    private static void accept(Path file, Path weights) {
        String name = file.getFileName().toString();
        String format = name.substring(0, name.indexOf('-'));
        switch (format) {
            case "frame" -> frames(read(file));
            case "image" -> ImageReader.read(file);
            case "raw" -> RawNetworkReader.read(file);
            case "trace" -> TraceReader.read(file);
            case "keras" -> KerasImporter.load(file, name.endsWith(".json") ? weights : null);
            case "npy" -> NpyReader.read(file);
            case "csv" -> CsvReader.read(file);
            case "config" -> SettingsLoader.load(file.getParent(), Optional.of(file.toAbsolutePath()),
                    Map.of(SettingsLoader.USER_CONFIG_ENV, emptyUserConfig().toString()), List.of());
            case "native" -> NativeNetworkParser.parse(file);
            default -> throw new IllegalArgumentException("no decoder for the prefix of " + name);
        }
    }

    private static void frames(byte[] bytes) {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(ProtocolDescriptor.MIN_MAX_FRAME_BYTES));
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    private static Path emptyUserConfig() {
        return Scratch.write("user.conf", new byte[0]);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
