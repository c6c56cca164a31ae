package dev.streambus.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a method of a Spring bean a streambus listener, consumed by the application's consumer group with the same
 * guarantees as a {@link dev.streambus.consume.MessageListener} bean (at-least-once; a throwing method fails that
 * delivery, which is retried and finally dead-lettered). Accepted parameter lists:
 * <ul>
 *   <li>{@code (E event)} or {@code (E event, ReceivedMessage message)}, where {@code E} is annotated with
 *       {@link dev.streambus.event.StreamerEvent}: {@code data} is mapped onto {@code E} before any listener runs
 *       (an entry that does not map is dead-lettered with the reason, as for a
 *       {@link dev.streambus.consume.TypedListener}); {@link #value()} may be left empty (the event's name) or must
 *       name that event;</li>
 *   <li>{@code (ReceivedMessage message)}: the raw message, for the event names in {@link #value()} (required).</li>
 * </ul>
 * Any other signature fails the application's start, naming the bean and method.
 *
 * <pre>{@code
 * @Component
 * class Receipts {
 *     @StreamerListener
 *     void onPaid(OrderPaid event) { ... }
 *
 *     @StreamerListener("user.created")
 *     void onUser(ReceivedMessage message) { ... }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface StreamerListener {

    /** Event names (the entry's {@code name} field, which is also its stream); empty: the event type's name. */
    String[] value() default {};
}
