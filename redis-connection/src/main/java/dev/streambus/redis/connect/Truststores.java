package dev.streambus.redis.connect;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

import javax.net.ssl.TrustManagerFactory;

/** Loads the certificates a TLS connection trusts: a PKCS#12/JKS trust store, or PEM certificates. */
final class Truststores {

    private Truststores() {
    }

    /**
     * Trust managers for {@code path}: PEM ({@code -----BEGIN CERTIFICATE-----}, one or more) or a key store file
     * whose type the JDK detects (PKCS#12, JKS).
     *
     * @throws IllegalArgumentException naming the file, never the password
     */
    static TrustManagerFactory load(Path path, char[] password) {
        try {
            byte[] bytes = Files.readAllBytes(path);
            KeyStore store = isPem(bytes) ? fromPem(bytes) : KeyStore.getInstance(path.toFile(), password);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read TLS truststore " + path + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    private static boolean isPem(byte[] bytes) {
        return new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.US_ASCII)
                .contains("-----BEGIN CERTIFICATE-----");
    }

    private static KeyStore fromPem(byte[] bytes) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(bytes));
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no certificate in PEM file");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("ca-" + i++, certificate);
        }
        return store;
    }
}
