package dev.streambus.consume.handle;

import dev.streambus.consume.ConsumerConfig;

/**
 * Turns listener failures into the configured consequence: with {@link ConsumerConfig.AckPolicy#ALWAYS} the entry is
 * acknowledged anyway (Laravel Streamer's default); otherwise it is retried, and dead-lettered with the last error
 * once it failed on its {@code maxDeliveries}-th delivery.
 */
public final class AckPolicy implements EntryMiddleware {

    private final ConsumerConfig.AckPolicy policy;
    private final int maxDeliveries;

    public AckPolicy(ConsumerConfig.AckPolicy policy, int maxDeliveries) {
        this.policy = policy;
        this.maxDeliveries = maxDeliveries;
    }

    @Override
    public EntryHandler wrap(EntryHandler next) {
        return entry -> {
            Outcome outcome = next.handle(entry);
            if (!(outcome instanceof Outcome.Retry retry)) {
                return outcome;
            }
            if (policy == ConsumerConfig.AckPolicy.ALWAYS) {
                return Outcome.ACK;
            }
            if (entry.deliveries() >= maxDeliveries) {
                return Outcome.deadLetter("failed on delivery " + entry.deliveries() + " of " + maxDeliveries
                        + "; last error: " + retry.reason());
            }
            return retry;
        };
    }
}
