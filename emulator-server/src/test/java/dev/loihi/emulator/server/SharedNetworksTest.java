package dev.loihi.emulator.server;

import dev.loihi.snips.link.HostSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loihi.common.LoihiException;
import dev.loihi.image.Image;
import dev.loihi.image.ImageWriter;
import dev.loihi.snips.ChannelConfig;
import dev.loihi.snips.link.LinkOptions;
import dev.loihi.snips.link.RelayImage;
import dev.loihi.snips.link.RunResult;
import dev.loihi.snips.link.RunSpec;
import dev.loihi.snips.link.SpikeSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Links that upload one image through one {@link SharedNetworks} load it once and still run apart. */
class SharedNetworksTest {
    private static final int AXONS = 300;
    private static final int STEPS = 40;

    private static HostSession open(SharedNetworks networks, Image image) {
        HostSession link = InProcessLink.open(LinkOptions.defaults(), EmulatorBoardConfig.defaults(), networks);
        link.connect();
        link.upload(image);
        return link;
    }

    @Test
    void shouldLoadOneImageOnceForEveryLinkThatUploadsIt() {
        SharedNetworks networks = new SharedNetworks();
        Image image = RelayImage.build(AXONS, 1);
        try (HostSession a = open(networks, image); HostSession b = open(networks, image)) {
            assertEquals(1, networks.size());
            try (HostSession other = open(networks, RelayImage.build(AXONS, 2))) {
                assertEquals(2, networks.size(), "another image is another network");
            }
        }
    }

    /** A second upload of the same bytes while a session runs them takes that session's image: decoded and checked once. */
    @Test
    void shouldReadAnUploadOnceWhileASessionRunsIt() {
        SharedNetworks networks = new SharedNetworks();
        byte[] bytes = ImageWriter.write(RelayImage.build(AXONS, 1));
        SharedNetworks.Upload first = networks.upload(bytes, "test");
        SharedNetworks.Loaded running = networks.load(first);
        SharedNetworks.Upload second = networks.upload(bytes.clone(), "test");
        assertSame(running.image(), second.image());
        assertSame(running, networks.load(second));
        byte[] other = ImageWriter.write(RelayImage.build(AXONS, 2));
        assertNotSame(running.image(), networks.upload(other, "test").image(), "other bytes are another image");
        // a corrupt upload still fails as the reader fails, while a session runs the good one
        byte[] corrupt = bytes.clone();
        corrupt[corrupt.length / 2] ^= 0x5a;
        assertThrows(LoihiException.class, () -> networks.upload(corrupt, "test"));
    }

    /** Each link has its own emulator state: two threads running different inputs at once get what one link alone gets. */
    @Test
    void shouldRunIndependentInputsOnTwoThreadsAsOneLinkAloneWould() throws Exception {
        Image image = RelayImage.build(AXONS, 1);
        List<SpikeSchedule> inputs = List.of(RelayRuns.schedule(1, STEPS, AXONS, 400),
                RelayRuns.schedule(2, STEPS, AXONS, 400));
        RunSpec spec = RunSpec.of(STEPS, ChannelConfig.defaults()).withResetState(true);
        List<RunResult> alone = new ArrayList<>();
        try (HostSession link = open(new SharedNetworks(), image)) {
            for (SpikeSchedule in : inputs) {
                alone.add(link.runPrecompute(spec, in));
            }
        }
        SharedNetworks networks = new SharedNetworks();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (HostSession a = open(networks, image); HostSession b = open(networks, image)) {
            List<HostSession> links = List.of(a, b);
            List<Future<List<RunResult>>> runs = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                HostSession link = links.get(w);
                SpikeSchedule in = inputs.get(w);
                runs.add(pool.submit(() -> {
                    List<RunResult> r = new ArrayList<>();
                    for (int k = 0; k < 20; k++) {
                        r.add(link.runPrecompute(spec, in));
                    }
                    return r;
                }));
            }
            for (int w = 0; w < 2; w++) {
                for (RunResult r : runs.get(w).get()) {
                    assertEquals(alone.get(w).probes(), r.probes(), "worker " + w);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(!alone.get(0).probes().equals(alone.get(1).probes()), "the two inputs must differ to prove anything");
    }
}
