package dev.streambus.cli;

import com.google.inject.AbstractModule;
import dev.streambus.guice.StreamBusModule;
import dev.streambus.compat.message.ReceivedMessage;
import dev.streambus.consume.MessageListener;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** The Guice module the tests name with --module: listeners for the events in {@link #EVENTS}. */
public final class TestListeners extends AbstractModule {

    static volatile Set<String> EVENTS = Set.of();
    static final List<ReceivedMessage> SEEN = new CopyOnWriteArrayList<>();

    @Override
    protected void configure() {
        StreamBusModule.listeners(binder()).addBinding().toInstance(new Recording());
        StreamBusModule.listeners(binder()).addBinding().toInstance(new Failing());
    }

    /** Receiver "InteropRecordingListener", as in the PHP fixtures; records and succeeds. */
    static final class Recording implements MessageListener {
        @Override
        public Set<String> events() {
            return EVENTS;
        }

        @Override
        public void onMessage(ReceivedMessage message) {
            SEEN.add(message);
        }

        @Override
        public String receiver() {
            return "InteropRecordingListener";
        }
    }

    /** Fails for entries whose data has "fail": true. */
    static final class Failing implements MessageListener {
        @Override
        public Set<String> events() {
            return EVENTS;
        }

        @Override
        public void onMessage(ReceivedMessage message) {
            if (message.data().path("fail").asBoolean()) {
                throw new IllegalStateException("failing on purpose");
            }
        }

        @Override
        public String receiver() {
            return "FailingListener";
        }
    }
}
