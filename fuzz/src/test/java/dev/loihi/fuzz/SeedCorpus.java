package dev.loihi.fuzz;

import com.google.protobuf.ByteString;
import dev.loihi.compiler.io.NpyWriter;
import dev.loihi.compiler.keras.KerasWriter;
import dev.loihi.emulator.Emulator;
import dev.loihi.emulator.RawNetwork;
import dev.loihi.emulator.RawNetworkWriter;
import dev.loihi.emulator.TraceWriter;
import dev.loihi.proto.link.Frame;
import dev.loihi.proto.link.Hello;
import dev.loihi.proto.link.ImageChunk;
import dev.loihi.proto.link.ProbeRequest;
import dev.loihi.proto.link.Reset;
import dev.loihi.proto.link.RunMode;
import dev.loihi.proto.link.RunSetup;
import dev.loihi.proto.link.SpikePackets;
import dev.loihi.proto.link.Stop;
import dev.loihi.snips.SpikeWordDescriptor;
import io.jhdf.HdfFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Writes the seed corpora under src/test/resources from the project's own writers. Run it
 * after a format changes (docs/RELIABILITY.md); the files are committed, so the build never runs it.
 */
public final class SeedCorpus {
    private final Path resources;
    private final Path work;

    private SeedCorpus(Path resources, Path work) {
        this.resources = resources;
        this.work = work;
    }

    public static void main(String[] args) throws IOException {
        Path resources = Path.of(args.length > 0 ? args[0] : "fuzz/src/test/resources");
        new SeedCorpus(resources, Files.createTempDirectory("loihi-seeds")).writeAll();
    }

    private void writeAll() throws IOException {
        byte[] image = Specimens.imageBytes(work);
        seed(ImageReaderFuzzTest.class, "tiny.img", image);
        seed(ImageSectionsFuzzTest.class, "tiny.img", image);

        RawNetwork raw = Specimens.raw(work);
        seed(RawNetworkFuzzTest.class, "tiny.json", utf8(RawNetworkWriter.toJson(raw)));
        seed(RawNetworkFuzzTest.class, "raster.json", utf8("""
                {"steps": 3, "blocks": [{"name": "a", "n": 2, "vth_mant": 10, "bias_mant": [1, 2]}],
                 "inputs": [{"name": "in", "n_axons": 1, "raster": [[1], [0], [1]]}],
                 "synapses": [{"src": "in", "dst": "a", "weights": [[64, 32]], "weight_exp": 0}]}
                """));
        seed(TraceFuzzTest.class, "tiny-trace.json", utf8(TraceWriter.toJson(Emulator.runRaw(raw))));

        Path npy = work.resolve("seed.npy");
        NpyWriter.write(npy, new double[][] {{0.5, 1.5, -2.0}, {3.0, 0.0, 7.25}});
        seed(NpyFuzzTest.class, "matrix-f8.npy", Files.readAllBytes(npy));
        NpyWriter.write(npy, new long[] {1, 2, 3, -4});
        seed(NpyFuzzTest.class, "vector-i8.npy", Files.readAllBytes(npy));

        seed(CsvFuzzTest.class, "header.csv", utf8("a,b,\"c\"\n1,2,3\n4.5,-6,7e3\n"));
        seed(NativeNetworkFuzzTest.class, "tiny.net", utf8(Specimens.NATIVE_NETWORK));
        seed(SettingsFuzzTest.class, "loihi.conf", utf8("""
                hardware { snip_max_spikes_per_step = 64, overflow = split, n_chips = 2 }
                link.port = 7011
                link.max_frame_bytes = ${server.max_frame_bytes}
                server { host = "127.0.0.1", io_threads = 1 }
                """));

        Path h5 = work.resolve("tiny.h5");
        Specimens.fullModelH5(h5);
        seed(KerasModelFuzzTest.class, "tiny.h5", Files.readAllBytes(h5));
        Path keras = work.resolve("tiny.keras");
        KerasWriter.saveKeras(Specimens.model(), keras);
        seed(KerasModelFuzzTest.class, "tiny.keras", Files.readAllBytes(keras));
        try (HdfFile file = new HdfFile(h5)) {
            seed(KerasJsonFuzzTest.class, "tiny.json", utf8((String) file.getAttribute("model_config").getData()));
        }

        Frame[] session = sessionFrames();
        seed(FrameDecoderFuzzTest.class, "whole-frames", concat(new byte[] {(byte) 255}, lengthPrefixed(session)));
        seed(FrameDecoderFuzzTest.class, "three-byte-pieces", concat(new byte[] {2}, lengthPrefixed(session)));
        seed(BoardSessionFuzzTest.class, "run", concat(new byte[] {3}, u16Prefixed(session)));
        seed(BoardSessionFuzzTest.class, "upload", concat(new byte[] {1}, u16Prefixed(uploadFrames(image))));
    }

    /** A run on the loaded image: setup with probes, one step's spikes, stop, reset. */
    private static Frame[] sessionFrames() {
        RunSetup setup = RunSetup.newBuilder().setSteps(4).setMode(RunMode.INTERACTIVE).setMaxSpikesPerStep(8)
                .addProbes(ProbeRequest.newBuilder().setPort(0).setSpikes(true).setVoltage(true)).setResetState(true)
                .build();
        SpikePackets spikes = SpikePackets.newBuilder().setFirstStep(1).addStepDelta(0).addChip(0).addPacketIndex(0)
                .addPacketsInStep(1).addSpikes(1).addWords(SpikeWordDescriptor.addressWord(0, 1))
                .addWords(SpikeWordDescriptor.discreteTypeWord()).build();
        return new Frame[] {
            Frame.newBuilder().setRunSetup(setup).build(),
            Frame.newBuilder().setSpikes(spikes).build(),
            Frame.newBuilder().setStop(Stop.getDefaultInstance()).build(),
            Frame.newBuilder().setReset(Reset.getDefaultInstance()).build(),
        };
    }

    /** The image in two chunks, as the host's uploader sends it. */
    private static Frame[] uploadFrames(byte[] image) {
        CRC32 whole = new CRC32();
        whole.update(image);
        int half = image.length / 2;
        return new Frame[] {chunk(image, 0, half, whole), chunk(image, half, image.length, whole)};
    }

    private static Frame chunk(byte[] image, int from, int to, CRC32 whole) {
        CRC32 crc = new CRC32();
        crc.update(image, from, to - from);
        return Frame.newBuilder().setImageChunk(ImageChunk.newBuilder().setOffset(from)
                .setData(ByteString.copyFrom(image, from, to - from)).setLast(to == image.length)
                .setTotalBytes(image.length).setTotalCrc32((int) whole.getValue())
                .setChunkCrc32((int) crc.getValue())).build();
    }

    private static byte[] lengthPrefixed(Frame... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Frame hello = Frame.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(1).setClient("seed")).build();
        for (Frame f : concatFrames(hello, frames)) {
            byte[] body = f.toByteArray();
            out.writeBytes(new byte[] {(byte) (body.length >>> 24), (byte) (body.length >>> 16),
                (byte) (body.length >>> 8), (byte) body.length});
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    private static byte[] u16Prefixed(Frame... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Frame f : frames) {
            byte[] body = f.toByteArray();
            out.writeBytes(new byte[] {(byte) (body.length >>> 8), (byte) body.length});
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    private static Frame[] concatFrames(Frame first, Frame[] rest) {
        Frame[] all = new Frame[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Jazzer's regression mode replays {@code <package>/<Class>Inputs/<method>/*}. */
    private void seed(Class<?> target, String name, byte[] bytes) throws IOException {
        Path dir = resources.resolve(target.getPackageName().replace('.', '/'))
                .resolve(target.getSimpleName() + "Inputs").resolve("fuzz");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), bytes);
        int selector = AllDecodersFuzzTest.TARGETS.indexOf(target);
        Path all = resources.resolve(target.getPackageName().replace('.', '/')).resolve("AllDecodersFuzzTestInputs/fuzz");
        Files.createDirectories(all);
        Files.write(all.resolve(target.getSimpleName().replace("FuzzTest", "") + "-" + name),
                concat(new byte[] {(byte) selector}, bytes));
    }
}
