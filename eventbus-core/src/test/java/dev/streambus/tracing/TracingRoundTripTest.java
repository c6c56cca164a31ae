package dev.streambus.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streambus.compat.Fixtures;
import dev.streambus.compat.message.Mapping;
import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.EventConsumer;
import dev.streambus.consume.Listeners;
import dev.streambus.event.StreamerEvent;
import dev.streambus.localredis.Await;
import dev.streambus.localredis.RedisTest;
import dev.streambus.localredis.TestKeys;
import dev.streambus.publish.ObservedPublisher;
import dev.streambus.publish.OutgoingEvent;
import dev.streambus.publish.Publisher;
import dev.streambus.publish.PublisherConfig;
import dev.streambus.publish.RedisPublisher;
import dev.streambus.testing.Streams;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.streambus.tracing.MessagingAttributes.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OpenTelemetry round trip against real Redis with the SDK's in-memory exporter: the publisher's {@code send} span
 * travels as a W3C {@code traceparent} entry field after Laravel's fields (data and hash untouched) and the consumer
 * continues it in a {@code process} span around the listener call.
 */
@RedisTest
class TracingRoundTripTest {

    static final String PAID = "streambus.test.tracing.order-paid";

    @StreamerEvent(name = PAID)
    record OrderPaid(long orderId, String status) {
    }

    /** The golden vector {@code simple_flat}: what PHP's Streamer::emit stored for this payload. */
    @StreamerEvent(name = "fixture.simple")
    record SimpleOrder(long order_id, String status, String customer) {
    }

    private final RedissonClient redisson;
    private final Streams streams;
    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build();

    TracingRoundTripTest(RedissonClient redisson) {
        this.redisson = redisson;
        this.streams = new Streams(redisson);
    }

    @BeforeEach
    @AfterEach
    void clean() {
        redisson.getKeys().delete(PAID, dev.streambus.deadletter.DeadLetterKeys.DEFAULT.of(PAID));
    }

    @AfterEach
    void closeSdk() {
        otel.close();
    }

    @Test
    void theConsumerContinuesThePublishersTraceAroundTheListener(TestKeys keys) {
        Publisher publisher = ObservedPublisher.builder(new RedisPublisher(redisson, PublisherConfig.defaults()))
                .openTelemetry(otel).build();
        String id = publisher.publish(new OrderPaid(7, "paid"));

        Map<String, String> stored = streams.entries(PAID).get(0);
        List<String> names = new ArrayList<>(stored.keySet());
        assertEquals(List.of("_id", "type", "version", "name", "domain", "created", "data", "hash", "traceparent"),
                names, "traceparent comes after all of Laravel's fields");
        SpanData send = only(SpanKind.PRODUCER);
        assertEquals(traceparent(send.getSpanContext()), stored.get("traceparent"));
        assertEquals("send " + PAID, send.getName());
        assertEquals(SYSTEM, send.getAttributes().get(MESSAGING_SYSTEM));
        assertEquals(SEND, send.getAttributes().get(OPERATION_TYPE));
        assertEquals(PAID, send.getAttributes().get(DESTINATION));
        assertEquals(id, send.getAttributes().get(MESSAGE_ID));

        String group = keys.name("g");
        List<OrderPaid> received = new CopyOnWriteArrayList<>();
        List<SpanContext> inListener = new CopyOnWriteArrayList<>();
        try (EventConsumer consumer = EventConsumer.builder(redisson).openTelemetry(otel)
                .config(ConsumerConfig.builder().group(group).block(Duration.ofMillis(200))
                        .mapping(Mapping.STRICT).build())
                .listener(Listeners.on(OrderPaid.class, "PaidListener", (event, message) -> {
                    inListener.add(Span.current().getSpanContext());
                    received.add(event);
                })).build()) {
            consumer.start();
            Await.until(Duration.ofSeconds(30), () -> consumer.stats().acknowledged() == 1,
                    () -> consumer.stats().toString());
        }
        assertEquals(List.of(new OrderPaid(7, "paid")), received, "strict mapping accepts an entry with traceparent");
        assertEquals(0, streams.entries(PAID).size() - 1, "nothing dead-lettered or added");
        assertFalse(redisson.getKeys().countExists(dev.streambus.deadletter.DeadLetterKeys.DEFAULT.of(PAID)) > 0, "nothing dead-lettered");

        SpanData process = only(SpanKind.CONSUMER);
        assertEquals("process " + PAID, process.getName());
        assertEquals(send.getTraceId(), process.getTraceId(), "same trace");
        assertEquals(send.getSpanId(), process.getParentSpanId(), "child of the send span");
        assertEquals(SYSTEM, process.getAttributes().get(MESSAGING_SYSTEM));
        assertEquals(PROCESS, process.getAttributes().get(OPERATION_TYPE));
        assertEquals(PAID, process.getAttributes().get(DESTINATION));
        assertEquals(id, process.getAttributes().get(MESSAGE_ID));
        assertEquals(group, process.getAttributes().get(CONSUMER_GROUP));
        assertEquals("PaidListener", process.getAttributes().get(LISTENER));
        assertEquals(StatusCode.UNSET, process.getStatus().getStatusCode());
        assertEquals(process.getSpanId(), inListener.get(0).getSpanId(), "the process span is current in the listener");
    }

    @Test
    void aFailingListenerMarksItsSpanAsAnError(TestKeys keys) {
        Publisher publisher = ObservedPublisher.builder(new RedisPublisher(redisson, PublisherConfig.defaults()))
                .openTelemetry(otel).build();
        publisher.publish(new OrderPaid(8, "paid"));
        try (EventConsumer consumer = EventConsumer.builder(redisson).openTelemetry(otel)
                .config(ConsumerConfig.builder().group(keys.name("g")).block(Duration.ofMillis(200))
                        .maxDeliveries(1).build())
                .listener(Listeners.on(OrderPaid.class, "Failing", (event, message) -> {
                    throw new IllegalStateException("boom");
                })).build()) {
            consumer.start();
            Await.until(Duration.ofSeconds(30), () -> consumer.stats().deadLettered() == 1,
                    () -> consumer.stats().toString());
        }
        SpanData process = only(SpanKind.CONSUMER);
        assertEquals(StatusCode.ERROR, process.getStatus().getStatusCode());
        assertEquals(IllegalStateException.class.getName(), process.getAttributes().get(ERROR_TYPE));
        assertEquals("exception", process.getEvents().get(0).getName());
        assertEquals(only(SpanKind.PRODUCER).getTraceId(), process.getTraceId());
    }

    @Test
    void withTracingOnAnEntryIsTheGoldenVectorByteForBytePlusTraceparent(TestKeys keys) {
        JsonNode golden = Fixtures.load("cases/simple_flat.json").get("entries").get(0);
        Map<String, String> expected = new LinkedHashMap<>();
        golden.get("fields").forEach(pair -> expected.put(pair.get(0).asText(), pair.get(1).asText()));
        RedisPublisher redisPublisher = new RedisPublisher(redisson, PublisherConfig.builder().domain("php-app")
                .clock(Clock.fixed(Instant.ofEpochSecond(1795313277L), ZoneOffset.UTC)).build());

        Span span = otel.getTracer("test").spanBuilder("test").startSpan();
        OutgoingEvent encoded;
        try (Scope ignored = TraceFields.writing(Context.current().with(span)).makeCurrent()) {
            encoded = redisPublisher.encoder().encode(new SimpleOrder(123, "paid", "ann"));
        } finally {
            span.end();
        }
        String stream = keys.stream("golden"); // the key only; name, data and hash are the fixture's
        redisPublisher.send(new OutgoingEvent(stream, encoded.message(), null, null, encoded.extraFields())).join();

        Map<String, String> stored = new LinkedHashMap<>(streams.entries(stream).get(0));
        String traceparent = stored.remove("traceparent");
        assertEquals(traceparent(span.getSpanContext()), traceparent);
        assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(stored.entrySet()),
                "every Laravel field, its order and bytes (data, hash) exactly as PHP stored them");
    }

    @Test
    void tracingIsOffByDefault(TestKeys keys) {
        Span span = otel.getTracer("test").spanBuilder("caller").startSpan();
        try (Scope ignored = span.makeCurrent()) { // an application span is current, but tracing is not on
            new RedisPublisher(redisson, PublisherConfig.defaults()).publish(new OrderPaid(9, "paid"));
        } finally {
            span.end();
        }
        assertNull(streams.entries(PAID).get(0).get("traceparent"));
        assertTrue(TraceFields.current().isEmpty());
    }

    @Test
    void publishAllSendsOneSpanWhoseContextEveryEntryCarries() {
        Publisher publisher = ObservedPublisher.builder(new RedisPublisher(redisson, PublisherConfig.defaults()))
                .openTelemetry(otel).build();
        publisher.publishAll(List.of(new OrderPaid(1, "a"), new OrderPaid(2, "b"), new OrderPaid(3, "c")));
        SpanData send = only(SpanKind.PRODUCER);
        assertEquals(3L, send.getAttributes().get(BATCH_COUNT));
        String expected = traceparent(send.getSpanContext());
        streams.entries(PAID).forEach(entry -> assertEquals(expected, entry.get("traceparent")));
        assertEquals(3, streams.entries(PAID).size());
    }

    @Test
    void anEntryWithoutTraceparentStartsANewTrace(TestKeys keys) {
        String stream = keys.stream("plain");
        streams.xadd(stream, streams.fields(stream, 1));
        List<ReceivedMessage> got = new CopyOnWriteArrayList<>();
        try (EventConsumer consumer = EventConsumer.builder(redisson).openTelemetry(otel)
                .config(ConsumerConfig.builder().group(keys.name("g")).block(Duration.ofMillis(200)).build())
                .listener(Listeners.onMessage(java.util.Set.of(stream), "Raw", got::add)).build()) {
            consumer.start();
            Await.until(Duration.ofSeconds(30), () -> got.size() == 1, () -> "nothing received");
        }
        SpanData process = only(SpanKind.CONSUMER);
        assertFalse(process.getParentSpanContext().isValid(), "a root span");
    }

    /** W3C: version 00, trace id, span id, flags (sampled, and "random" from SDK 1.6x: 03). */
    private static String traceparent(SpanContext context) {
        assertTrue(context.isValid() && context.isSampled(), context.toString());
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }

    private SpanData only(SpanKind kind) {
        List<SpanData> spans = exporter.getFinishedSpanItems().stream().filter(s -> s.getKind() == kind).toList();
        assertEquals(1, spans.size(), () -> kind + " spans: " + spans);
        return spans.get(0);
    }
}
