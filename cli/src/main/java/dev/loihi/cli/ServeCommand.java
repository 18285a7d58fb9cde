package dev.loihi.cli;

import dev.loihi.cli.config.LoihiSettings;
import dev.loihi.common.LoihiException;
import dev.loihi.emulator.mailbox.MailboxServer;
import java.util.concurrent.atomic.AtomicReference;
import dev.loihi.emulator.mailbox.MailboxServerConfig;
import dev.loihi.emulator.server.EmulatorBoardConfig;
import dev.loihi.emulator.server.EmulatorServer;
import dev.loihi.emulator.server.ServerLimits;
import dev.loihi.emulator.server.ServerOptions;
import dev.loihi.emulator.server.ServerSecurity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the emulator over the board protocol (TCP, loopback by default), and optionally over a shared-memory mailbox.",
                "Any address other than loopback needs an access token (--access-token-file or server.access_token);"
                        + " --tls-cert adds TLS. Every flag overrides its server.* setting."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  loihi serve --port 0",
                "      a free port on loopback (it prints which); runs go there with",
                "      --target tcp://127.0.0.1:PORT",
                "  loihi serve --port 0 --mailbox loihi.mailbox",
                "      also the native driver's mailbox, for runs with",
                "      --target native:builtin?mailbox=loihi.mailbox (docs/NATIVE_DRIVER.md)"})
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to listen on (default: server.host, 127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port (0 picks a free one; default: server.port).")
    Integer port;

    @Option(names = "--max-connections", paramLabel = "N", description = "Connections served at once (server.max_connections).")
    Integer maxConnections;

    @Option(names = "--idle-timeout-ms", paramLabel = "MS", description = "Close a connection silent this long; 0: never (server.idle_timeout_ms).")
    Integer idleTimeoutMs;

    @Option(names = "--max-frame-bytes", paramLabel = "BYTES", description = "Largest frame the server takes (server.max_frame_bytes).")
    Integer maxFrameBytes;

    @Option(names = "--max-upload-bytes", paramLabel = "BYTES", description = "Largest image a connection may upload (server.max_upload_bytes).")
    Long maxUploadBytes;

    @Option(names = "--max-core-bytes", paramLabel = "BYTES", description = "Largest core of an uploaded image (server.max_core_bytes).")
    Long maxCoreBytes;

    @Option(names = "--access-token-file", paramLabel = "FILE",
            description = "File whose first line is the access token (kept off the command line, which others can see).")
    Path accessTokenFile;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PKCS12 key store (.p12) or PEM certificate chain: serve over TLS.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM (PKCS8) private key beside a PEM --tls-cert.")
    Path tlsKey;

    @Option(names = "--mailbox", paramLabel = "PATH", description = "Also serve the native driver at PATH: a unix socket that hands it the board's sealed memory (docs/NATIVE_DRIVER.md).")
    Path mailbox;

    @Mixin
    SettingsOptions settings;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ServerOptions options = withFlags(settings.load().serverOptions());
        AtomicReference<LoihiException> mailboxFailure = new AtomicReference<>();
        try (EmulatorServer server = EmulatorServer.start(options);
             // The mailbox serves the same board (frame and image limits) and shares the server's upload budget.
             MailboxServer box = mailbox == null ? null : MailboxServer.start(
                     MailboxServerConfig.of(mailbox).withBoard(options.board()), server.uploadBudget(), e -> {
                 // The mailbox died: the whole server goes down with its one line, rather than serve TCP alone.
                 mailboxFailure.set(e);
                 server.close();
             })) {
            String scheme = options.security().tls() ? "tls" : "tcp";
            spec.commandLine().getOut().println("serving the emulator on " + scheme + "://" + server.address().getHostString()
                    + ":" + server.port() + (options.security().hasToken() ? " (access token required)" : "")
                    + (box == null ? "" : " and native mailbox " + box.mailbox()
                    + " (target native:builtin?" + box.driverOptions() + ")"));
            spec.commandLine().getOut().flush();
            server.awaitClose();
        }
        if (mailboxFailure.get() != null) {
            throw mailboxFailure.get();
        }
        return 0;
    }

    private ServerOptions withFlags(ServerOptions o) {
        EmulatorBoardConfig board = o.board();
        if (maxFrameBytes != null) {
            EmulatorBoardConfig frames = EmulatorBoardConfig.withFrameBytes(maxFrameBytes);
            board = new EmulatorBoardConfig(board.chips(), maxFrameBytes, board.maxImageBytes(), frames.maxSpikesPerStep());
        }
        if (maxUploadBytes != null) {
            board = new EmulatorBoardConfig(board.chips(), board.maxFrameBytes(), maxUploadBytes, board.maxSpikesPerStep());
        }
        ServerLimits limits = o.limits();
        limits = maxConnections == null ? limits : limits.withMaxConnections(maxConnections);
        limits = idleTimeoutMs == null ? limits : limits.withIdleTimeoutMs(idleTimeoutMs);
        limits = maxCoreBytes == null ? limits : limits.withMaxCoreBytes(maxCoreBytes);
        ServerSecurity security = o.security();
        if (accessTokenFile != null) {
            security = security.withAccessToken(readToken(accessTokenFile));
        }
        if (tlsCert != null) {
            security = security.withTls(tlsCert, tlsKey, security.tlsPassword());
        } else if (tlsKey != null) {
            throw new LoihiException(CliErrors.SERVE_TLS, "--tls-key needs --tls-cert: tlsKey=" + tlsKey);
        }
        return o.withBind(host == null ? o.bindHost() : host, port == null ? o.port() : port)
                .withBoard(board).withLimits(limits).withSecurity(security);
    }

    private static String readToken(Path file) {
        String token;
        try {
            token = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new LoihiException(CliErrors.SERVE_TOKEN, "access token file cannot be read: file=" + file
                    + ", reason=" + e.getClass().getSimpleName());
        }
        if (token.isEmpty()) {
            throw new LoihiException(CliErrors.SERVE_TOKEN, "access token file has no token on its first line: file=" + file);
        }
        return token;
    }
}
