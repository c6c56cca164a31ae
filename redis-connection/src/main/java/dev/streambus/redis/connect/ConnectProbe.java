package dev.streambus.redis.connect;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Locale;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * One plain socket round trip before Redisson starts, bounded by the connect timeout: TCP connect, the TLS handshake
 * for {@code rediss://}, then {@code PING} (any reply, even {@code NOAUTH}, proves a live server). It turns the two
 * failures Redisson only reports after many retries (a TLS URL against a plain server; a server that accepts TCP but
 * never answers) into one message saying what probably happened, within the connect timeout. Other socket errors
 * (refused, unknown host) are left to Redisson's own report.
 */
final class ConnectProbe {

    private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);

    private ConnectProbe() {
    }

    /**
     * @throws RedisConnectException naming {@code server} (redacted) when the handshake or the first reply does not
     *                               come within {@code timeoutMillis}, or the handshake fails
     */
    static void check(RedisUrl endpoint, String server, int timeoutMillis, TrustManagerFactory trust) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), timeoutMillis);
            } catch (SocketTimeoutException e) {
                throw failure(server, "TCP connect timed out after " + timeoutMillis
                        + " ms: is the host reachable and the port open?", e);
            }
            Socket channel = endpoint.tls() ? handshake(socket, endpoint, server, remaining(deadline), trust) : socket;
            channel.setSoTimeout(remaining(deadline));
            channel.getOutputStream().write(PING);
            channel.getOutputStream().flush();
            InputStream in = channel.getInputStream();
            if (in.read() < 0) {
                throw failure(server, "the server closed the connection without answering PING", null);
            }
        } catch (SocketTimeoutException e) {
            throw failure(server, "the server accepted the connection but did not answer within " + timeoutMillis
                    + " ms: is it paused, overloaded, or not a Redis server?", e);
        } catch (ConnectException e) {
            // refused: Redisson reports it as before
        } catch (IOException e) {
            // unknown host, reset, ...: Redisson reports it as before
        }
    }

    private static Socket handshake(Socket socket, RedisUrl endpoint, String server, int timeoutMillis,
                                    TrustManagerFactory trust) throws IOException {
        SSLSocket tls = (SSLSocket) context(trust).getSocketFactory()
                .createSocket(socket, endpoint.host(), endpoint.port(), false);
        tls.setSoTimeout(timeoutMillis);
        try {
            tls.startHandshake();
            return tls;
        } catch (SocketTimeoutException e) {
            throw failure(server, "TLS handshake failed: no TLS reply within " + timeoutMillis
                    + " ms: is the server speaking TLS on this port?", e);
        } catch (SSLException e) {
            String reason = String.valueOf(e.getMessage());
            String lower = reason.toLowerCase(Locale.ROOT);
            if (lower.contains("pkix") || lower.contains("certificate") || lower.contains("subject alternative")) {
                throw failure(server, "TLS handshake failed: the server's certificate is not trusted (" + reason
                        + "); give its CA with truststore(...)", e);
            }
            throw failure(server, "TLS handshake failed: is the server speaking TLS on this port? (" + reason + ")",
                    e);
        }
    }

    private static SSLContext context(TrustManagerFactory trust) throws IOException {
        try {
            if (trust == null) {
                return SSLContext.getDefault();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS is not available: " + e.getMessage(), e);
        }
    }

    private static int remaining(long deadline) {
        return (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000L);
    }

    private static RedisConnectException failure(String server, String what, Throwable cause) {
        return new RedisConnectException("could not connect to " + server + ": " + what, cause);
    }
}
