package dev.streambus.spring;

import dev.streambus.publish.Publisher;
import dev.streambus.spring.StarterEvents.OrderPaid;
import dev.streambus.spring.StarterEvents.Receipts;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code streambus.console.enabled=true} serves the web console while the context runs; off by default. */
class StreamBusConsoleTest extends StarterRedisTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theConsoleServesItsPageAndApiWhileTheContextRuns() {
        AtomicReference<String> url = new AtomicReference<>();
        runner.withBean(RedissonClient.class, () -> redisson)
                .withBean(Receipts.class)
                .withPropertyValues("streambus.consumer.group=spring-console", "streambus.console.enabled=true",
                        "streambus.console.port=0")
                .run(context -> {
                    assertNull(context.getStartupFailure(), () -> "" + context.getStartupFailure());
                    context.getBean(Publisher.class).publish(new OrderPaid("o-1", 100));
                    String base = context.getBean(StreamBusConsole.class).server().orElseThrow().url();
                    url.set(base);
                    assertTrue(base.startsWith("http://127.0.0.1:"), base);

                    HttpResponse<String> page = get(base);
                    assertEquals(200, page.statusCode());
                    assertTrue(page.body().contains("app.js"), "the console's page");
                    HttpResponse<String> stream = get(base + "api/stream?stream="
                            + URLEncoder.encode(StarterEvents.PAID, StandardCharsets.UTF_8));
                    assertEquals(200, stream.statusCode(), stream.body());
                    assertTrue(stream.body().contains("\"spring-console\""), "the consumer's group: " + stream.body());
                    assertTrue(get(base + "api/session").body().contains("\"retryAvailable\":true"),
                            "the application's listeners retry failed messages");
                });
        assertThrows(ConnectException.class, () -> get(url.get()), "stopped with the context");
    }

    @Test
    void noConsoleWithoutTheProperty() {
        runner.withBean(RedissonClient.class, () -> redisson).run(context -> {
            assertNull(context.getStartupFailure(), () -> "" + context.getStartupFailure());
            assertFalse(context.containsBean("streambusConsole"));
            assertTrue(context.getBeansOfType(StreamBusConsole.class).isEmpty());
        });
    }

    @Test
    void aNonLoopbackBindWithoutATokenNamesTheProperty() {
        runner.withBean(RedissonClient.class, () -> redisson)
                .withPropertyValues("streambus.console.enabled=true", "streambus.console.bind=0.0.0.0")
                .run(context -> {
                    Throwable failure = context.getStartupFailure();
                    StringBuilder messages = new StringBuilder();
                    for (Throwable t = failure; t != null; t = t.getCause()) {
                        messages.append(t.getMessage()).append('\n');
                    }
                    assertTrue(messages.toString().contains("streambus.console: binding to 0.0.0.0 (not loopback) "
                            + "requires an access token"), messages.toString());
                });
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
