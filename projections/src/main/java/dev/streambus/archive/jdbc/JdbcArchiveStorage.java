package dev.streambus.archive.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.streambus.archive.ArchiveException;
import dev.streambus.archive.ArchiveStorage;
import dev.streambus.archive.ArchivedMessage;
import dev.streambus.compat.json.PhpJson;
import dev.streambus.compat.message.StreamerMessage;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link ArchiveStorage} in a relational table {@code streambus_archive} (H2 or PostgreSQL), created by the Flyway
 * migration in {@code db/streambus-archive} with its own history table {@value #HISTORY_TABLE}, so it never mixes
 * with other migrations of the same schema.
 *
 * <p>Each row keeps the entry's fields in stored order as a JSON list of {@code [field, value]} pairs, byte for byte;
 * {@code (stream, entry_id)} is unique; reads are in archiving order. Every call is one auto-committed statement.
 */
public final class JdbcArchiveStorage implements ArchiveStorage {

    /** Flyway's history table for this migration set. */
    public static final String HISTORY_TABLE = "streambus_archive_schema_history";

    private static final String COLUMNS = "stream, entry_id, fields";

    private final DataSource dataSource;
    private final Clock clock;

    /** Uses the table as it is; call {@link #migrate(DataSource)} once before. */
    public JdbcArchiveStorage(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Creates or updates the table (Flyway, locations {@code classpath:db/streambus-archive}). */
    public static void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/streambus-archive")
                .table(HISTORY_TABLE).baselineOnMigrate(true).baselineVersion("0").load().migrate();
    }

    @Override
    public void create(ArchivedMessage message) {
        String sql = "INSERT INTO streambus_archive (stream, entry_id, name, type, created, fields, archived_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, message.stream());
            s.setString(2, message.id());
            s.setString(3, message.name());
            s.setString(4, message.type());
            Long created = created(message);
            if (created == null) {
                s.setNull(5, java.sql.Types.BIGINT);
            } else {
                s.setLong(5, created);
            }
            s.setString(6, encode(message));
            s.setTimestamp(7, Timestamp.from(clock.instant()));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new ArchiveException("entry " + message.id() + " of '" + message.stream()
                    + "' could not be stored in the archive: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<ArchivedMessage> find(String stream, String id) {
        List<ArchivedMessage> found = query("SELECT " + COLUMNS + " FROM streambus_archive WHERE stream = ? AND "
                + "entry_id = ?", stream, id);
        return found.stream().findFirst();
    }

    @Override
    public List<ArchivedMessage> findMany(String stream) {
        return query("SELECT " + COLUMNS + " FROM streambus_archive WHERE stream = ? ORDER BY seq", stream);
    }

    @Override
    public List<ArchivedMessage> all() {
        return query("SELECT " + COLUMNS + " FROM streambus_archive ORDER BY seq");
    }

    @Override
    public boolean delete(String stream, String id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM streambus_archive WHERE stream = ? AND entry_id = ?")) {
            s.setString(1, stream);
            s.setString(2, id);
            return s.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new ArchiveException("entry " + id + " of '" + stream + "' could not be deleted from the archive: "
                    + e.getMessage(), e);
        }
    }

    private List<ArchivedMessage> query(String sql, String... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setString(i + 1, params[i]);
            }
            List<ArchivedMessage> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new ArchivedMessage(rs.getString(1), rs.getString(2), decode(rs.getString(3))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new ArchiveException("reading the archive failed: " + e.getMessage(), e);
        }
    }

    private static String encode(ArchivedMessage message) {
        ArrayNode pairs = PhpJson.mapper().createArrayNode();
        message.fields().forEach((field, value) -> pairs.addArray().add(field).add(value));
        return PhpJson.encode(pairs);
    }

    private static LinkedHashMap<String, String> decode(String json) {
        LinkedHashMap<String, String> fields = new LinkedHashMap<>();
        for (JsonNode pair : PhpJson.decode(json)) {
            fields.put(pair.get(0).textValue(), pair.get(1).textValue());
        }
        return fields;
    }

    private static Long created(ArchivedMessage message) {
        try {
            String created = message.fields().get(StreamerMessage.CREATED);
            return created == null ? null : Long.valueOf(created);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
