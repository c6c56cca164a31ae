package dev.streambus.samples.observability;

import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.consume.ConsumerConfig;
import dev.streambus.consume.EventConsumer;
import dev.streambus.consume.TypedListener;
import dev.streambus.event.StreamerEvent;
import dev.streambus.health.ConsumerHealth;
import dev.streambus.health.HealthReport;
import dev.streambus.metrics.StreamBacklog;
import dev.streambus.publish.ObservedPublisher;
import dev.streambus.publish.Publisher;
import dev.streambus.publish.PublisherConfig;
import dev.streambus.publish.RedisPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.redisson.api.RedissonClient;

import java.time.Duration;

/**
 * Metrics, tracing and health without a DI container (the README's "Metrics, health and tracing" block). The
 * registry and OpenTelemetry are the application's (e.g. Prometheus's registry, {@code GlobalOpenTelemetry.get()}).
 */
public final class ObservabilityExample {

    /** An invoice went out. */
    @StreamerEvent(name = "invoice.sent")
    public record InvoiceSent(String invoiceId, long amountCents) {
    }

    /** Prints each invoice. */
    public static final class PrintInvoice extends TypedListener<InvoiceSent> {
        public PrintInvoice() {
            super(InvoiceSent.class);
        }

        @Override
        protected void handle(InvoiceSent event, ReceivedMessage message) {
            System.out.println("invoice " + event.invoiceId() + " (entry " + message.id() + ")");
        }
    }

    /** What {@link #start} built; close it to stop everything. */
    public record Running(Publisher publisher, EventConsumer consumer, StreamBacklog backlog, ConsumerHealth health)
            implements AutoCloseable {
        @Override
        public void close() {
            consumer.close();
            backlog.close();
        }
    }

    private ObservabilityExample() {
    }

    /** Publisher, consumer, backlog gauges and health, all observed; publishes one invoice. */
    public static Running start(RedissonClient redis, MeterRegistry registry, OpenTelemetry openTelemetry) {
        // README:observability
        Publisher publisher = ObservedPublisher.builder(new RedisPublisher(redis, PublisherConfig.defaults()))
                .meterRegistry(registry)            // streambus.publish{stream,outcome}, streambus.publish.entries
                .openTelemetry(openTelemetry)       // a "send invoice.sent" span; traceparent field after Laravel's
                .build();
        EventConsumer consumer = EventConsumer.builder(redis)
                .config(ConsumerConfig.builder().group("billing").build())
                .listener(new PrintInvoice())
                .meterRegistry(registry)            // streambus.consume.*{stream,group,listener}
                .openTelemetry(openTelemetry)       // a "process invoice.sent" span, child of the send span
                .build();
        StreamBacklog backlog = StreamBacklog.of(redis, consumer, Duration.ofSeconds(15));
        backlog.bindTo(registry);                   // lag, pending, oldest pending age, dead letters
        backlog.start();                            // one script call every 15 s
        ConsumerHealth health = new ConsumerHealth(consumer, backlog, 10_000);  // DEGRADED when lag > 10,000
        consumer.start();
        publisher.publish(new InvoiceSent("inv-7", 1250));
        HealthReport report = health.report();      // consumer '…' of group 'billing': RUNNING
        // README:end
        System.out.println(report);
        return new Running(publisher, consumer, backlog, health);
    }
}
