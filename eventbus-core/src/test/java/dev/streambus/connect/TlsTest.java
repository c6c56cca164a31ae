package dev.streambus.connect;

import dev.streambus.localredis.RedisServerProcess;
import dev.streambus.redis.connect.RedisConnectException;
import dev.streambus.redis.connect.RedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redisson.api.RedissonClient;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code rediss://} against a private redis-server with a self-signed certificate. Skipped, saying why, when
 * {@code openssl} cannot make the certificate or the {@code redis-server} binary was built without TLS.
 */
class TlsTest {

    private static final String PASSWORD = "tls-Pa55";

    @TempDir
    static Path dir;
    private static RedisServerProcess server;
    private static int tlsPort;
    private static Path cert;

    @BeforeAll
    static void startTlsServer() throws Exception {
        cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        String openssl = run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", key.toString(), "-out", cert.toString());
        assumeTrue(Files.isRegularFile(cert) && Files.isRegularFile(key),
                "TLS test skipped: openssl could not create a self-signed certificate: " + openssl);
        tlsPort = freePort();
        RedisServerProcess candidate = RedisServerProcess.create().requirePass(PASSWORD)
                .config("tls-port", Integer.toString(tlsPort))
                .config("tls-cert-file", cert.toString())
                .config("tls-key-file", key.toString())
                .config("tls-ca-cert-file", cert.toString())
                .config("tls-auth-clients", "no");
        try {
            server = candidate.start();
        } catch (IllegalStateException e) {
            candidate.close();
            assumeTrue(false, "TLS test skipped: this redis-server (" + candidate.executable()
                    + ") does not accept tls-port, i.e. was built without TLS (BUILD_TLS=yes): " + e.getMessage());
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String url() {
        return "rediss://:" + PASSWORD + "@127.0.0.1:" + tlsPort;
    }

    @Test
    void connectsWithAPemTruststore() {
        RedisConnection connection = RedisConnection.builder().url(url()).truststore(cert, null).build();
        assertTrue(connection.tls());
        assertFalse(connection.toString().contains(PASSWORD), connection.toString());
        assertRoundTrip(connection);
    }

    @Test
    void connectsWithAPkcs12Truststore() throws Exception {
        char[] storePassword = "changeit".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            store.setCertificateEntry("redis", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        Path p12 = dir.resolve("truststore.p12");
        try (OutputStream out = Files.newOutputStream(p12)) {
            store.store(out, storePassword);
        }
        assertRoundTrip(RedisConnection.builder().url(url()).truststore(p12, storePassword).build());
    }

    @Test
    void anUntrustedCertificateFailsWithoutThePassword() {
        RedisConnection connection = RedisConnection.builder().url(url())
                .connectTimeout(Duration.ofSeconds(2)).retryAttempts(0).build();
        RedisConnectException e = assertThrows(RedisConnectException.class, connection::connect);
        assertTrue(e.getMessage().startsWith("could not connect to rediss://:***@127.0.0.1:" + tlsPort),
                e.getMessage());
        AuthenticationTest.assertNoSecret(e, PASSWORD);
        LoggerFactory.getLogger(getClass()).info("refused as expected: {}", e.getMessage());
    }

    @Test
    void aTruststoreNeedsRediss() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisConnection.builder()
                .url("redis://:" + PASSWORD + "@127.0.0.1:" + server.port()).truststore(cert, null).build());
        assertEquals("a TLS truststore needs a rediss:// URL, got redis://127.0.0.1:" + server.port(),
                e.getMessage());
    }

    private static void assertRoundTrip(RedisConnection connection) {
        RedissonClient client = connection.connect();
        try {
            client.getBucket("tls").set("secure");
            assertEquals("secure", client.getBucket("tls").get());
            assertEquals("secure", client.getBucket("tls").getAndDelete());
        } finally {
            client.shutdown();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Runs a command, returning its output; "not found: ..." if it cannot be started. */
    private static String run(String... command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            process.waitFor(30, TimeUnit.SECONDS);
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "not found: " + e.getMessage();
        }
    }
}
