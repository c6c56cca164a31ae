package dev.streambus.localredis;

import dev.streambus.redis.connect.RedisUrl;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLSocketFactory;

/**
 * A minimal blocking RESP2 client for probing (PING, INFO, AUTH, SHUTDOWN). Not a general-purpose client: one socket,
 * one command at a time, short timeouts. Server error replies become {@link RespError}; their text comes from the
 * server, which never echoes passwords.
 */
final class Resp implements Closeable {

    /** An error reply ({@code -ERR ...}) from the server. */
    static final class RespError extends IOException {
        private static final long serialVersionUID = 1L;

        RespError(String message) {
            super(message);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private Resp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects (TLS for {@code rediss}) and authenticates if the URL has a password. */
    static Resp connect(RedisUrl url, Duration timeout) throws IOException {
        Socket socket = url.tls() ? SSLSocketFactory.getDefault().createSocket() : new Socket();
        try {
            socket.connect(new InetSocketAddress(stripBrackets(url.host()), url.port()), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            Resp resp = new Resp(socket);
            if (url.password() != null) {
                if (url.username() != null) {
                    resp.call("AUTH", url.username(), url.password());
                } else {
                    resp.call("AUTH", url.password());
                }
            }
            return resp;
        } catch (IOException | RuntimeException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw e;
        }
    }

    /** True if the server at {@code url} answers PING (after AUTH, if any) within {@code timeout}. */
    static boolean answersPing(RedisUrl url, Duration timeout) {
        try (Resp resp = connect(url, timeout)) {
            return "PONG".equals(resp.call("PING"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** {@code redis_version} from {@code INFO server}. */
    static String serverVersion(RedisUrl url, Duration timeout) throws IOException {
        try (Resp resp = connect(url, timeout)) {
            Object info = resp.call("INFO", "server");
            if (info instanceof String s) {
                for (String line : s.split("\r?\n")) {
                    if (line.startsWith("redis_version:")) {
                        return line.substring("redis_version:".length()).strip();
                    }
                }
            }
            throw new IOException("INFO server reply has no redis_version");
        }
    }

    /**
     * Sends one command and returns the reply: String (simple/bulk), Long (integer), List (array) or null (nil).
     *
     * @throws RespError on an error reply
     */
    Object call(String... args) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] b = arg.getBytes(StandardCharsets.UTF_8);
            buf.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            buf.writeBytes(b);
            buf.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(buf.toByteArray());
        out.flush();
        return read();
    }

    private Object read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed by server");
        }
        String line = readLine();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new RespError(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int len = Integer.parseInt(line);
                if (len < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(len);
                if (data.length < len) {
                    throw new EOFException("truncated bulk reply");
                }
                readLine();
                return new String(data, StandardCharsets.UTF_8);
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    try {
                        items.add(read());
                    } catch (RespError e) {
                        items.add(e);
                    }
                }
                return items;
            }
            default:
                throw new IOException("unexpected RESP type byte " + type);
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed mid-reply");
            }
            if (b == '\r') {
                int lf = in.read();
                if (lf != '\n') {
                    throw new IOException("malformed RESP line ending");
                }
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
