package dev.streambus.event;

import dev.streambus.compat.message.MessageType;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Java type (typically a record) as a Laravel Streamer event. Its Jackson properties become the
 * {@code data} payload; publishing writes to the stream named {@link #name()}, as {@code Streamer::emit} does.
 *
 * <pre>{@code
 * @StreamerEvent(name = "order.placed")
 * public record OrderPlaced(String orderId, long amountCents) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StreamerEvent {
    /** The event name: the {@code name} field and the stream key. */
    String name();

    /** The {@code type} field. */
    MessageType type() default MessageType.EVENT;
}
