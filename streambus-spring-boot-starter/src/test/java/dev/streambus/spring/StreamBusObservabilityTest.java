package dev.streambus.spring;

import dev.streambus.localredis.Await;
import dev.streambus.localredis.TestKeys;
import dev.streambus.metrics.MeterNames;
import dev.streambus.publish.ObservedPublisher;
import dev.streambus.publish.Publisher;
import dev.streambus.spring.StarterEvents.OrderPaid;
import dev.streambus.spring.StarterEvents.Receipts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.streambus.spring.StarterEvents.PAID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The context's MeterRegistry gets streambus's meters; with tracing on, the trace crosses Redis. */
class StreamBusObservabilityTest extends StarterRedisTest {

    @Test
    void publishConsumeAndBacklogMetersAppearInTheContextsRegistryWithTheDocumentedNamesAndTags(TestKeys keys) {
        String group = keys.name("metrics");
        runner.withBean(RedissonClient.class, () -> redisson)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean(Receipts.class)
                .withPropertyValues("streambus.consumer.group=" + group, "streambus.consumer.block=200ms",
                        "streambus.metrics.backlog-interval=200ms", "streambus.health.lag-threshold=1000")
                .run(context -> {
                    assertTrue(context.getStartupFailure() == null, () -> "" + context.getStartupFailure());
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    Publisher publisher = context.getBean(Publisher.class);
                    assertInstanceOf(ObservedPublisher.class, publisher);
                    publisher.publish(new OrderPaid("o-1", 100));
                    publisher.publish(new OrderPaid("o-2", 200));
                    Receipts receipts = context.getBean(Receipts.class);
                    Await.until(Duration.ofSeconds(30), () -> receipts.received.size() == 2, () -> "not received");

                    assertEquals(2, registry.get(MeterNames.PUBLISH).tag(MeterNames.TAG_STREAM, PAID)
                            .tag(MeterNames.TAG_OUTCOME, MeterNames.SUCCESS).timer().count());
                    Await.until(Duration.ofSeconds(10), () -> registry.find(MeterNames.CONSUME_HANDLED)
                                    .tags(MeterNames.TAG_STREAM, PAID, MeterNames.TAG_GROUP, group,
                                            MeterNames.TAG_LISTENER, Receipts.class.getName()).counter() != null
                                    && registry.get(MeterNames.CONSUME_HANDLED).tag(MeterNames.TAG_GROUP, group)
                                    .counter().count() == 2,
                            () -> "handled: " + registry.find(MeterNames.CONSUME_HANDLED).counters());
                    assertEquals(2, registry.get(MeterNames.CONSUME_HANDLER).tag(MeterNames.TAG_GROUP, group)
                            .tag(MeterNames.TAG_OUTCOME, MeterNames.SUCCESS).timer().count());
                    Await.until(Duration.ofSeconds(10), () -> registry.get(MeterNames.GROUP_LAG)
                                    .tags(MeterNames.TAG_STREAM, PAID, MeterNames.TAG_GROUP, group).gauge().value() == 0
                                    && registry.get(MeterNames.STREAM_LENGTH).tag(MeterNames.TAG_STREAM, PAID)
                                    .gauge().value() == 2,
                            () -> "backlog gauges: " + registry.getMeters().stream()
                                    .map(m -> m.getId() + "=" + m.measure()).toList());

                    Health consumer = ((HealthIndicator) context.getBean("streambusHealthContributor",
                            CompositeHealthContributor.class).getContributor("consumer")).health();
                    assertEquals(0L, consumer.getDetails().get("lag." + PAID), consumer::toString);
                    assertEquals(group, consumer.getDetails().get("group"), consumer::toString);
                });
    }

    @Test
    void withTracingOnTheListenersProcessSpanContinuesThePublishersTrace(TestKeys keys) {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build();
        List<SpanData> spans = new ArrayList<>();
        runner.withBean(RedissonClient.class, () -> redisson)
                .withBean(OpenTelemetry.class, () -> otel)
                .withBean(Receipts.class)
                .withPropertyValues("streambus.consumer.group=" + keys.name("traced"),
                        "streambus.consumer.block=200ms", "streambus.tracing.enabled=true")
                .run(context -> {
                    assertTrue(context.getStartupFailure() == null, () -> "" + context.getStartupFailure());
                    context.getBean(Publisher.class).publish(new OrderPaid("o-3", 300));
                    Await.until(Duration.ofSeconds(30), () -> exporter.getFinishedSpanItems().stream()
                            .anyMatch(s -> s.getName().equals("process " + PAID)), () -> "spans: "
                            + exporter.getFinishedSpanItems());
                    spans.addAll(exporter.getFinishedSpanItems()); // the context shuts the SDK down, which clears them
                });
        SpanData send = spans.stream().filter(s -> s.getName().equals("send " + PAID)).findFirst().orElse(null);
        SpanData process = spans.stream().filter(s -> s.getName().equals("process " + PAID)).findFirst().orElse(null);
        assertNotNull(send, () -> "no send span: " + spans);
        assertNotNull(process, () -> "no process span: " + spans);
        assertEquals(send.getTraceId(), process.getTraceId(), "one trace across Redis");
    }

    @Test
    void tracingOnWithoutAnOpenTelemetryBeanSaysWhatIsMissing() {
        runner.withBean(RedissonClient.class, () -> redisson).withPropertyValues("streambus.tracing.enabled=true")
                .run(context -> {
                    Throwable failure = context.getStartupFailure();
                    assertNotNull(failure);
                    String messages = "";
                    for (Throwable t = failure; t != null; t = t.getCause()) {
                        messages += t.getMessage() + "\n";
                    }
                    assertTrue(messages.contains("streambus.tracing.enabled=true needs an OpenTelemetry bean"),
                            messages);
                });
    }
}
