package dev.streambus.samples.observability;

import dev.streambus.health.HealthReport;
import dev.streambus.localredis.Await;
import dev.streambus.localredis.RedisTest;
import dev.streambus.metrics.MeterNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's metrics/tracing/health block runs as written, without a DI container, against real Redis. */
@RedisTest
class ObservabilityExampleTest {

    private final RedissonClient redisson;

    ObservabilityExampleTest(RedissonClient redisson) {
        this.redisson = redisson;
    }

    @BeforeEach
    @AfterEach
    void clean() {
        redisson.getKeys().delete("invoice.sent", "invoice.sent:dead");
    }

    @Test
    void metricsSpansAndHealthAppear() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
             ObservabilityExample.Running running = ObservabilityExample.start(redisson, registry, otel)) {
            Await.until(Duration.ofSeconds(30), () -> running.consumer().stats().acknowledged() == 1,
                    () -> running.consumer().stats().toString());
            assertEquals(1.0, registry.get(MeterNames.CONSUME_HANDLED).tags("stream", "invoice.sent", "group",
                    "billing", "listener", ObservabilityExample.PrintInvoice.class.getName()).counter().count());
            assertEquals(1, registry.get(MeterNames.PUBLISH).tags("stream", "invoice.sent", "outcome", "success")
                    .timer().count());
            running.backlog().refresh();
            assertEquals(0.0, registry.get(MeterNames.GROUP_LAG).tags("stream", "invoice.sent", "group", "billing")
                    .gauge().value());
            assertEquals(HealthReport.Status.RUNNING, running.health().report().status());
            assertTrue(spans.getFinishedSpanItems().stream().anyMatch(s -> s.getKind() == SpanKind.CONSUMER
                    && s.getName().equals("process invoice.sent")), spans.getFinishedSpanItems().toString());
        } finally {
            redisson.getKeys().delete("invoice.sent", "invoice.sent:dead");
        }
    }
}
