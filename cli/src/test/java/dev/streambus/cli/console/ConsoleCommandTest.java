package dev.streambus.cli.console;

import dev.streambus.cli.RedisConnector;
import dev.streambus.cli.StreamBusCli;
import dev.streambus.localredis.RedisTest;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code streambus console}: serves the page until stopped, read-only and token options, bad arguments. */
@RedisTest
class ConsoleCommandTest {

    private final RedissonClient redisson;

    ConsoleCommandTest(RedissonClient redisson) {
        this.redisson = redisson;
    }

    @Test
    void servesTheConsoleReadOnlyWithATokenUntilStopped() throws Exception {
        String token = "a-token-of-enough-length";
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = commandLine(out, err);
        AtomicInteger exit = new AtomicInteger(-1);
        Thread running = new Thread(() -> exit.set(cli.execute("console", "--port", "0", "--read-only",
                "--token", token, "--redis-url", "redis://user:secret-pw@127.0.0.1:6379")));
        running.start();
        String url = awaitUrl(out, err);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(url + "api/session")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        HttpResponse<String> session = http.send(HttpRequest.newBuilder(URI.create(url + "api/session"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, session.statusCode());
        assertTrue(session.body().contains("\"readOnly\":true"), session.body());
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url + "?token=" + token)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, page.statusCode());
        running.interrupt();
        running.join(10_000);
        assertEquals(0, exit.get(), err.toString());
        assertFalse(out.toString().contains("secret-pw"), "credentials never printed: " + out);
        assertFalse(out.toString().contains(token), "a given token is not echoed: " + out);
    }

    @Test
    void aNonLoopbackBindWithATooShortTokenIsAUsageError() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = commandLine(out, err).execute("console", "--bind", "0.0.0.0", "--token", "short");
        assertEquals(2, exit);
        assertTrue(err.toString().contains("at least 16 characters"), err.toString());
    }

    private CommandLine commandLine(StringWriter out, StringWriter err) {
        RedisConnector shared = new RedisConnector() {
            @Override
            public RedissonClient connect(String url) {
                return redisson;
            }

            @Override
            public void release(RedissonClient client) {
            }
        };
        CommandLine cli = StreamBusCli.commandLine(new StreamBusCli(Map.<String, String>of()::get, Clock.systemUTC(),
                shared));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli;
    }

    private static String awaitUrl(StringWriter out, StringWriter err) throws InterruptedException {
        Pattern url = Pattern.compile("streambus console: (http://\\S+/)");
        for (int i = 0; i < 600; i++) {
            Matcher m = url.matcher(out.toString());
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("console did not start:\n" + out + "\n" + err);
    }
}
