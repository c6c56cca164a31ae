package dev.streambus.metrics;

import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.consume.ConsumerEvent;
import dev.streambus.consume.ConsumerEvents;
import dev.streambus.consume.Delivery;
import dev.streambus.consume.ListenerInvoker;
import dev.streambus.consume.MessageListener;
import dev.streambus.consume.Middleware;
import dev.streambus.consume.handle.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static dev.streambus.metrics.MeterNames.*;

/**
 * The consume meters of one consumer: per listener call (as a {@link Middleware}) the
 * {@value MeterNames#CONSUME_HANDLED}/{@value MeterNames#CONSUME_FAILED} counters and the
 * {@value MeterNames#CONSUME_HANDLER} timer; per settled entry (as a {@link ConsumerEvents} listener:
 * {@link ConsumerEvent.EntrySettled}) {@value MeterNames#CONSUME_COMPLETED}, {@value MeterNames#CONSUME_RETRIED} and
 * {@value MeterNames#CONSUME_DEAD_LETTERED}; per read ({@link ConsumerEvent.EntriesRead})
 * {@value MeterNames#CONSUME_READ_SIZE}. Installed by
 * {@link dev.streambus.consume.EventConsumer.Builder#meterRegistry}. Thread-safe; meters are created once per tag set.
 */
public final class ConsumeMetrics implements Middleware, ConsumerEvents {

    private final MeterRegistry registry;
    private final String group;
    private final DistributionSummary readSize;
    private final Map<ListenerKey, ListenerMeters> listeners = new ConcurrentHashMap<>();
    private final Map<String, StreamMeters> streams = new ConcurrentHashMap<>();

    private record ListenerKey(String stream, String listener) {
    }

    private record ListenerMeters(Counter handled, Counter failed, Timer success, Timer failure) {
    }

    private record StreamMeters(Counter completed, Counter retried, Counter deadLettered) {
    }

    /** @param group the consumer group, or null for a consumer without one (tagged {@value MeterNames#NO_GROUP}) */
    public ConsumeMetrics(MeterRegistry registry, String group) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.group = group == null ? NO_GROUP : group;
        this.readSize = DistributionSummary.builder(CONSUME_READ_SIZE).baseUnit("entries")
                .description("Entries handed to the workers per non-empty read").tag(TAG_GROUP, this.group)
                .register(registry);
    }

    @Override
    public ListenerInvoker wrap(ListenerInvoker next) {
        return (listener, message) -> invoke(next, listener, message);
    }

    private void invoke(ListenerInvoker next, MessageListener listener, ReceivedMessage message) throws Exception {
        ListenerMeters meters = listeners.computeIfAbsent(new ListenerKey(message.stream(), listener.receiver()),
                this::listenerMeters);
        long started = System.nanoTime();
        boolean ok = false;
        try {
            next.invoke(listener, message);
            ok = true;
        } finally {
            long nanos = System.nanoTime() - started;
            (ok ? meters.success() : meters.failure()).record(nanos, TimeUnit.NANOSECONDS);
            (ok ? meters.handled() : meters.failed()).increment();
        }
    }

    /** Records reads and settled entries; other events are not metered here. */
    @Override
    public void on(ConsumerEvent event) {
        if (event instanceof ConsumerEvent.EntrySettled settled) {
            settled(settled.delivery(), settled.outcome());
        } else if (event instanceof ConsumerEvent.EntriesRead read && read.entries() > 0) {
            readSize.record(read.entries());
        }
    }

    private void settled(Delivery delivery, Outcome outcome) {
        StreamMeters meters = streams.computeIfAbsent(delivery.entry().stream(), this::streamMeters);
        if (outcome instanceof Outcome.Retry) {
            meters.retried().increment();
        } else if (outcome instanceof Outcome.DeadLetter) {
            meters.deadLettered().increment();
        } else {
            meters.completed().increment();
        }
    }

    private ListenerMeters listenerMeters(ListenerKey key) {
        return new ListenerMeters(listenerCounter(CONSUME_HANDLED, "Listener calls that returned normally", key),
                listenerCounter(CONSUME_FAILED, "Listener calls that threw", key),
                handlerTimer(key, SUCCESS), handlerTimer(key, FAILURE));
    }

    private Counter listenerCounter(String name, String description, ListenerKey key) {
        return Counter.builder(name).description(description)
                .tags(TAG_STREAM, key.stream(), TAG_GROUP, group, TAG_LISTENER, key.listener()).register(registry);
    }

    private Timer handlerTimer(ListenerKey key, String outcome) {
        return Timer.builder(CONSUME_HANDLER).description("Listener call duration")
                .tags(TAG_STREAM, key.stream(), TAG_GROUP, group, TAG_LISTENER, key.listener(), TAG_OUTCOME, outcome)
                .register(registry);
    }

    private StreamMeters streamMeters(String stream) {
        return new StreamMeters(streamCounter(CONSUME_COMPLETED, "Entries done and acknowledged", stream),
                streamCounter(CONSUME_RETRIED, "Entries left pending for another attempt", stream),
                streamCounter(CONSUME_DEAD_LETTERED, "Entries parked in the dead-letter stream", stream));
    }

    private Counter streamCounter(String name, String description, String stream) {
        return Counter.builder(name).description(description).tags(TAG_STREAM, stream, TAG_GROUP, group)
                .register(registry);
    }
}
