package dev.streambus.spring;

import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.consume.Listeners;
import dev.streambus.consume.MessageListener;
import dev.streambus.event.EventType;
import dev.streambus.event.StreamerEvent;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;

/** Adapts a {@link StreamerListener} method to the core listener API ({@link Listeners}). */
final class MethodListeners {

    private MethodListeners() {
    }

    /**
     * The listener calling {@code method} on {@code bean}.
     *
     * @throws IllegalStateException naming bean, method and what is wrong when the signature is not one of
     *                               {@link StreamerListener}'s
     */
    static MessageListener adapt(Object bean, String beanName, Method method, StreamerListener annotation) {
        String where = "@StreamerListener method " + method.getDeclaringClass().getSimpleName() + "." + method.getName()
                + Arrays.toString(method.getParameterTypes()).replace('[', '(').replace(']', ')')
                + " of bean '" + beanName + "'";
        String receiver = method.getDeclaringClass().getName() + "#" + method.getName();
        Class<?>[] params = method.getParameterTypes();
        Set<String> names = Set.of(annotation.value());
        method.setAccessible(true);
        if (params.length == 1 && params[0] == ReceivedMessage.class) {
            if (names.isEmpty()) {
                throw new IllegalStateException(where + " takes the raw ReceivedMessage: name its events, e.g. "
                        + "@StreamerListener(\"order.paid\")");
            }
            return Listeners.onMessage(names, receiver, message -> invoke(bean, method, message));
        }
        boolean typed = (params.length == 1 || (params.length == 2 && params[1] == ReceivedMessage.class))
                && params[0].isAnnotationPresent(StreamerEvent.class);
        if (!typed) {
            throw new IllegalStateException(where + ": parameters must be (E event), (E event, ReceivedMessage) with E "
                    + "annotated @StreamerEvent, or (ReceivedMessage)"
                    + (params.length > 0 && !params[0].isAnnotationPresent(StreamerEvent.class)
                    && params[0] != ReceivedMessage.class
                    ? "; " + params[0].getName() + " is not annotated @StreamerEvent" : ""));
        }
        String eventName = EventType.of(params[0]).name();
        if (!names.isEmpty() && !names.equals(Set.of(eventName))) {
            throw new IllegalStateException(where + " names events " + names + " but " + params[0].getSimpleName()
                    + " is the event '" + eventName + "': leave the names out or use the raw ReceivedMessage");
        }
        return Listeners.on(params[0], receiver, (event, message) -> {
            if (params.length == 1) {
                invoke(bean, method, event);
            } else {
                invoke(bean, method, event, message);
            }
        });
    }

    /** Calls the method; what it throws is rethrown as is (so failure records show the listener's own error). */
    private static void invoke(Object bean, Method method, Object... args) throws Exception {
        try {
            method.invoke(bean, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
