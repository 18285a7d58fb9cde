package dev.loihi.board;

import dev.loihi.snips.SnipErrors;
import dev.loihi.common.LoihiException;
import dev.loihi.snips.link.LinkOptions;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import javax.net.ssl.SSLException;

/**
 * The host's TLS settings for a {@code tls://} board: the certificates of {@code link.tls_trust}
 * (a PEM file: the board's own certificate or the CA that signed it), else the JDK's default
 * trust. The board's name is checked against its certificate, as HTTPS does.
 */
final class TlsClientContext {
    private TlsClientContext() {}

    static SslContext of(LinkOptions options) {
        SslContextBuilder b = SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS");
        if (!options.tlsTrust().isEmpty()) {
            File trust = new File(options.tlsTrust());
            if (!trust.isFile()) {
                throw new LoihiException(SnipErrors.LINK_BAD_OPTION, "TLS trust file not found: tlsTrust=" + options.tlsTrust());
            }
        }
        try {
            if (!options.tlsTrust().isEmpty()) {
                // Netty reads the PEM here and refuses other content with IllegalArgumentException.
                b.trustManager(new File(options.tlsTrust()));
            }
            return b.build();
        } catch (SSLException | RuntimeException e) {
            throw new LoihiException(SnipErrors.LINK_BAD_OPTION, "TLS trust file is not PEM certificates: tlsTrust="
                    + options.tlsTrust() + ", reason=" + dev.loihi.common.MessageText.oneLine(e.getMessage()), e);
        }
    }
}
