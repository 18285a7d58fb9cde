package dev.loihi.emulator.server;

import dev.loihi.common.LoihiException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;

/**
 * The server's TLS context from the user's key material: a PKCS12 key store (.p12, .pfx), or a
 * PEM certificate chain with its PEM (PKCS8) private key. Every failure to read them is one
 * SERVER_TLS line naming the file, raised before the server listens.
 */
final class ServerTls {
    private ServerTls() {}

    static SslContext context(ServerSecurity security) {
        Path store = security.tlsKeyStore();
        if (!Files.isRegularFile(store)) {
            throw new LoihiException(ServerErrors.SERVER_TLS, "TLS key store not found: file=" + store);
        }
        try {
            SslContextBuilder b;
            if (security.tlsKey() == null) {
                b = SslContextBuilder.forServer(keyManagers(store, security.tlsPassword().toCharArray()));
            } else {
                if (!Files.isRegularFile(security.tlsKey())) {
                    throw new LoihiException(ServerErrors.SERVER_TLS, "TLS private key not found: file=" + security.tlsKey());
                }
                String password = security.tlsPassword().isEmpty() ? null : security.tlsPassword();
                b = SslContextBuilder.forServer(store.toFile(), security.tlsKey().toFile(), password);
            }
            return b.build();
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new LoihiException(ServerErrors.SERVER_TLS, "TLS key material cannot be read: file=" + store
                    + (security.tlsKey() == null ? "" : ", key=" + security.tlsKey()) + ", reason=" + e.getMessage(), e);
        }
    }

    private static KeyManagerFactory keyManagers(Path store, char[] password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        return kmf;
    }
}
