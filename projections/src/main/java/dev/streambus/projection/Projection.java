package dev.streambus.projection;

import dev.streambus.event.EventType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A read model kept up to date from events: its name, the events it follows, its tables (own Flyway migrations)
 * and how to apply each event. Immutable; run it with {@link ProjectionRunner}.
 *
 * <pre>{@code
 * Projection orders = Projection.named("order_summary")
 *         .version(2)                               // its tables: V1__..., V2__... in the location below
 *         .migrations("classpath:db/projection/order_summary")
 *         .on(OrderPlaced.class, (e, msg, c) -> { ... INSERT ... })
 *         .on(OrderPaid.class, (e, msg, c) -> { ... UPDATE ... })
 *         .entityType("order")                      // enables rebuildEntity from "order:<id>" streams
 *         .resetEntity((c, id) -> { ... DELETE ... WHERE order_id = ? ... })
 *         .build();
 * }</pre>
 *
 * <p>Handlers are picked by the message's {@code name} field (as Laravel Streamer picks listeners); entries of
 * other names are passed over (their checkpoints still move). By default the projection reads the integration
 * streams named after its events; with {@link Builder#replayFromEntityStreams()} it instead reads every
 * {@code <entityType>:*} stream (found with SCAN), replay and catch-up only.
 */
public final class Projection {

    /** How an event name maps to a handler and its Java type. */
    public record Handler<T>(String eventName, Class<T> type, EventHandler<T> handler) {
    }

    private final String name;
    private final Map<String, Handler<?>> handlers;
    private final List<String> handlerOrder;
    private final List<String> migrations;
    private final String entityType;
    private final boolean entityStreamSource;
    private final ReadModelReset reset;
    private final EntityReset resetEntity;
    private final int version;

    private Projection(Builder b) {
        this.version = b.version;
        this.name = b.name;
        this.handlers = Map.copyOf(b.handlers);
        this.handlerOrder = List.copyOf(b.order);
        this.migrations = List.copyOf(b.migrations);
        this.entityType = b.entityType;
        this.entityStreamSource = b.entityStreamSource;
        this.reset = b.reset;
        this.resetEntity = b.resetEntity;
    }

    /** Starts a projection definition; the name identifies its checkpoints, guard rows and consumer group. */
    public static Builder named(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** The event names it follows, which are also the integration stream keys, in registration order. */
    public List<String> eventNames() {
        return handlerOrder;
    }

    public Handler<?> handler(String eventName) {
        return handlers.get(eventName);
    }

    /**
     * The read model's version (1 unless declared). A runner whose projection declares a newer version than the
     * serving build's builds the new version blue/green into a schema of its own; never in place.
     */
    public int version() {
        return version;
    }

    /** The Flyway locations of this version's tables, run in each new build's schema. */
    public List<String> migrations() {
        return migrations;
    }

    /** The entity type of per-entity streams {@code <entityType>:<id>}, or null. */
    public String entityType() {
        return entityType;
    }

    /** True when replay and catch-up read the {@code <entityType>:*} streams rather than the event streams. */
    public boolean readsEntityStreams() {
        return entityStreamSource;
    }

    public ReadModelReset reset() {
        return reset;
    }

    public EntityReset resetEntity() {
        return resetEntity;
    }

    @Override
    public String toString() {
        return "Projection[" + name + "]";
    }

    /** Builds a {@link Projection}; at least one handler is required. */
    public static final class Builder {
        private final String name;
        private final Map<String, Handler<?>> handlers = new LinkedHashMap<>();
        private final List<String> order = new ArrayList<>();
        private final List<String> migrations = new ArrayList<>();
        private String entityType;
        private boolean entityStreamSource;
        private ReadModelReset reset;
        private EntityReset resetEntity;
        private int version = 1;

        private Builder(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("projection name must not be blank");
            }
            this.name = name;
        }

        /**
         * The read model's version, 1 by default. Raise it with a change of tables or of what handlers write: the
         * next runner builds the new version next to the serving one and swaps it in once caught up.
         */
        public Builder version(int version) {
            if (version < 1) {
                throw new IllegalArgumentException("projection '" + name + "': version must be >= 1, was " + version);
            }
            this.version = version;
            return this;
        }

        /**
         * Flyway locations of this version's tables, e.g. {@code classpath:db/projection/order_summary/v2}; they run
         * from scratch in every new build's schema (each build starts empty).
         */
        public Builder migrations(String... locations) {
            migrations.addAll(List.of(locations));
            return this;
        }

        /** Handles an event class annotated with {@code @StreamerEvent}; follows the stream of its name. */
        public <T> Builder on(Class<T> type, EventHandler<T> handler) {
            return on(EventType.of(type).name(), type, handler);
        }

        /** Handles entries whose {@code name} is {@code eventName}, mapping {@code data} to {@code type}. */
        public <T> Builder on(String eventName, Class<T> type, EventHandler<T> handler) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(handler, "handler");
            if (handlers.put(eventName, new Handler<>(eventName, type, handler)) != null) {
                throw new IllegalArgumentException("projection '" + name + "' already handles '" + eventName + "'");
            }
            order.add(eventName);
            return this;
        }

        /** The entity type its events name ({@code dev.streambus.event.EntityEvent}); enables rebuildEntity. */
        public Builder entityType(String entityType) {
            this.entityType = entityType;
            return this;
        }

        /** Replay and catch up from the {@code <entityType>:*} streams instead of the event streams. */
        public Builder replayFromEntityStreams() {
            this.entityStreamSource = true;
            return this;
        }

        /**
         * Clears the whole read model. No longer needed: rebuilds go into a new build's fresh tables; kept so
         * existing definitions compile.
         */
        public Builder reset(ReadModelReset reset) {
            this.reset = reset;
            return this;
        }

        /** Clears one entity's rows (used by rebuildEntity). */
        public Builder resetEntity(EntityReset resetEntity) {
            this.resetEntity = resetEntity;
            return this;
        }

        /**
         * The projection.
         *
         * @throws IllegalStateException when it has no handlers, no {@code reset}, or replays entity streams without an
         *         entity type
         */
        public Projection build() {
            if (handlers.isEmpty()) {
                throw new IllegalStateException("projection '" + name + "' has no handlers");
            }
            if (entityStreamSource && entityType == null) {
                throw new IllegalStateException("projection '" + name + "' replays entity streams: set entityType");
            }
            return new Projection(this);
        }
    }
}
