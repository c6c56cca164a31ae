package dev.streambus.cli;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.streambus.projection.Projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The Guice module the projection tests name with --module: projection {@value #NAME} folds item events of the
 * streams {@link #ADDED} and {@link #REMOVED} (set per test) into {@code cli_item}; {@value #OTHER} is a second,
 * unused projection.
 */
public final class TestProjections extends AbstractModule {

    static final String NAME = "cli_items";
    static final String OTHER = "cli_other";

    static volatile String ADDED = "cli.items.added";
    static volatile String REMOVED = "cli.items.removed";
    static volatile String ENTITY_TYPE;

    /** Event data; {@code fail} true makes the handler throw. */
    public record Item(String itemId, long qty, boolean fail) {
    }

    @Override
    protected void configure() {
        Projection.Builder items = Projection.named(NAME)
                .migrations("classpath:db/projection/" + NAME)
                .on(ADDED, Item.class, (e, m, c) -> apply(c, e, e.qty()))
                .on(REMOVED, Item.class, (e, m, c) -> apply(c, e, -e.qty()))
                .reset(c -> update(c, "DELETE FROM cli_item"))
                .resetEntity((c, id) -> update(c, "DELETE FROM cli_item WHERE item_id = ?", id));
        if (ENTITY_TYPE != null) {
            items.entityType(ENTITY_TYPE);
        }
        Multibinder<Projection> projections = Multibinder.newSetBinder(binder(), Projection.class);
        projections.addBinding().toInstance(items.build());
        projections.addBinding().toInstance(Projection.named(OTHER).on(ADDED, Item.class, (e, m, c) -> { })
                .reset(c -> { }).build());
    }

    private static void apply(Connection c, Item e, long delta) throws SQLException {
        if (e.fail()) {
            throw new IllegalStateException("item " + e.itemId() + " failing on purpose");
        }
        if (update(c, "UPDATE cli_item SET qty = qty + ?, events = events + 1 WHERE item_id = ?", delta,
                e.itemId()) == 0) {
            update(c, "INSERT INTO cli_item (item_id, qty, events) VALUES (?, ?, 1)", e.itemId(), delta);
        }
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }
}
