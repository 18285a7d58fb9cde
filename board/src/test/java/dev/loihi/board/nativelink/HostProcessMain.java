package dev.loihi.board.nativelink;

import dev.loihi.snips.link.HostSession;
import dev.loihi.snips.link.LinkOptions;
import dev.loihi.snips.link.RelayImage;

/**
 * A host in a process of its own: opens a native link to {@code args[0]}, loads an image,
 * prints {@code attached} and waits to be killed or frozen by the test.
 */
public final class HostProcessMain {
    private HostProcessMain() {}

    public static void main(String[] args) throws InterruptedException {
        HostSession link = NativeLink.open(args[0], LinkOptions.defaults());
        link.connect();
        link.upload(RelayImage.build(16, 1));
        System.out.println("attached");
        System.out.flush();
        Thread.sleep(120_000);
        link.close();
    }
}
