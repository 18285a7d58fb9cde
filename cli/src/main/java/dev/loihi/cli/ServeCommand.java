package dev.loihi.cli;

import dev.loihi.cli.config.LoihiSettings;
import dev.loihi.emulator.mailbox.MailboxServer;
import dev.loihi.emulator.mailbox.MailboxServerConfig;
import dev.loihi.emulator.server.EmulatorServer;
import dev.loihi.emulator.server.ServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the emulator over the board protocol (TCP, loopback by default), and optionally over a shared-memory mailbox.")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", description = "TCP port (0 picks a free one; default: link.port).")
    Integer port;

    @Option(names = "--mailbox", paramLabel = "PATH", description = "Also serve a native-driver mailbox at this file.")
    Path mailbox;

    @Mixin
    SettingsOptions settings;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        LoihiSettings s = settings.load();
        ServerOptions options = s.serverOptions();
        if (port != null) {
            options = new ServerOptions(options.bindHost(), port, options.board(), options.ioThreads());
        }
        try (EmulatorServer server = EmulatorServer.start(options);
             MailboxServer box = mailbox == null ? null : MailboxServer.start(MailboxServerConfig.of(mailbox))) {
            spec.commandLine().getOut().println("serving the emulator on tcp://" + server.address().getHostString()
                    + ":" + server.port() + (box == null ? "" : " and native mailbox " + box.mailbox()
                    + " (target native:builtin?" + box.driverOptions() + ")"));
            spec.commandLine().getOut().flush();
            server.awaitClose();
        }
        return 0;
    }
}
