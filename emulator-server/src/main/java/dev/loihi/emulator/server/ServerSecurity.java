package dev.loihi.emulator.server;

import java.nio.file.Path;

/**
 * Who may use a server: the access token every Hello must carry ("" = none, allowed only on
 * loopback), and the TLS key and certificate, if the server speaks TLS.
 *
 * @param accessToken the token; compared in constant time
 * @param tlsKeyStore a PKCS12 key store (.p12/.pfx) or a PEM certificate chain; null: plain TCP
 * @param tlsKey      the PEM private key (PKCS8) beside a PEM certificate chain; null for PKCS12
 * @param tlsPassword the PKCS12 store's password (or the PEM key's), "" for none
 */
public record ServerSecurity(String accessToken, Path tlsKeyStore, Path tlsKey, String tlsPassword) {
    public ServerSecurity {
        accessToken = accessToken == null ? "" : accessToken;
        tlsPassword = tlsPassword == null ? "" : tlsPassword;
    }

    public static ServerSecurity none() {
        return new ServerSecurity("", null, null, "");
    }

    public boolean hasToken() {
        return !accessToken.isEmpty();
    }

    public boolean tls() {
        return tlsKeyStore != null;
    }

    public ServerSecurity withAccessToken(String token) {
        return new ServerSecurity(token, tlsKeyStore, tlsKey, tlsPassword);
    }

    public ServerSecurity withTls(Path keyStore, Path key, String password) {
        return new ServerSecurity(accessToken, keyStore, key, password);
    }

    /** Never prints the token or the password. */
    @Override
    public String toString() {
        return "ServerSecurity[accessToken=" + (hasToken() ? "set" : "none") + ", tlsKeyStore=" + tlsKeyStore
                + ", tlsKey=" + tlsKey + "]";
    }
}
