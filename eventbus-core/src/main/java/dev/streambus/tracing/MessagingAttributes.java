package dev.streambus.tracing;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The OpenTelemetry messaging semantic-convention attributes streambus sets on its spans (names as in the
 * conventions' {@code messaging.*} registry; the spans are named {@code "<operation> <stream>"}, e.g.
 * {@code "send orders.paid"}, {@code "process orders.paid"}).
 */
public final class MessagingAttributes {

    /** {@code messaging.system}: Redis is not in the conventions' list, so the custom value {@value #SYSTEM}. */
    public static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    public static final String SYSTEM = "redis";
    /** {@code messaging.destination.name}: the stream key. */
    public static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    /** {@code messaging.operation.type}: {@value #SEND} (publisher) or {@value #PROCESS} (listener call). */
    public static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    /** {@code messaging.operation.name}: same words as the type here. */
    public static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    /** {@code messaging.message.id}: the stream entry id. */
    public static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    /** {@code messaging.consumer.group.name}: the consumer group (absent without a group). */
    public static final AttributeKey<String> CONSUMER_GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    /** {@code messaging.batch.message_count}: entries of one {@code publishAll} call (set when more than one). */
    public static final AttributeKey<Long> BATCH_COUNT = AttributeKey.longKey("messaging.batch.message_count");
    /** {@code error.type}: the exception class of a failed publish or listener call. */
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    /** {@code streambus.listener}: the listener's {@code receiver()} name (not a convention attribute). */
    public static final AttributeKey<String> LISTENER = AttributeKey.stringKey("streambus.listener");

    public static final String SEND = "send";
    public static final String PROCESS = "process";

    /** The instrumentation scope name of streambus's tracer. */
    public static final String INSTRUMENTATION = "dev.streambus";

    private MessagingAttributes() {
    }
}
