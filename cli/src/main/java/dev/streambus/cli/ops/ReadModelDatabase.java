package dev.streambus.cli.ops;

import dev.streambus.cli.CliFailure;
import dev.streambus.cli.StreamBusCli;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Option;

import javax.sql.DataSource;

/**
 * {@code --jdbc-url}, {@code --jdbc-user}, {@code --jdbc-password} (or their environment variables) of the commands
 * that open a projection's read-model database (H2 or PostgreSQL). The password is never printed: {@link #failure}
 * masks it.
 */
public final class ReadModelDatabase {

    public static final String JDBC_URL_ENV = "STREAMBUS_JDBC_URL";
    public static final String JDBC_USER_ENV = "STREAMBUS_JDBC_USER";
    public static final String JDBC_PASSWORD_ENV = "STREAMBUS_JDBC_PASSWORD";

    @Option(names = "--jdbc-url", paramLabel = "<url>",
            description = "Read-model database, jdbc:h2:... or jdbc:postgresql:... (default: $" + JDBC_URL_ENV + ")")
    String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "<user>", description = "Database user (default: $" + JDBC_USER_ENV
            + ")")
    String jdbcUser;

    @Option(names = "--jdbc-password", paramLabel = "<password>",
            description = "Database password (default: $" + JDBC_PASSWORD_ENV + "); never printed")
    String jdbcPassword;

    /** What is wrong with the URL for {@code command}, or null when it is usable. */
    String problem(StreamBusCli root, String command) {
        String url = url(root);
        if (url == null) {
            return command + " needs the read-model database: --jdbc-url=<url> (or set " + JDBC_URL_ENV + ")";
        }
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            return "--jdbc-url: only H2 (jdbc:h2:...) and PostgreSQL (jdbc:postgresql:...) are supported";
        }
        return null;
    }

    DataSource dataSource(StreamBusCli root) {
        String url = url(root);
        String user = jdbcUser != null ? jdbcUser : StreamBusCli.blankToNull(root.env(JDBC_USER_ENV));
        String password = password(root);
        try {
            if (url.startsWith("jdbc:h2:")) {
                JdbcDataSource h2 = new JdbcDataSource();
                h2.setURL(url);
                if (user != null) {
                    h2.setUser(user);
                }
                if (password != null) {
                    h2.setPassword(password);
                }
                return h2;
            }
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL(url);
            if (user != null) {
                pg.setUser(user);
            }
            if (password != null) {
                pg.setPassword(password);
            }
            return pg;
        } catch (RuntimeException e) {
            throw failure(root, "error: --jdbc-url not usable: " + message(e));
        }
    }

    /** A one-line failure (exit 1) with the password, if any, masked. */
    CliFailure failure(StreamBusCli root, String message) {
        String line = message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        String password = password(root);
        if (password != null && !password.isEmpty()) {
            line = line.replace(password, "***");
        }
        return new CliFailure(line, 1);
    }

    /** The exception's message and its root cause's, when they differ. */
    static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (root != e && root.getMessage() != null && !text.contains(root.getMessage())) {
            text += " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return text;
    }

    private String url(StreamBusCli root) {
        return jdbcUrl != null ? jdbcUrl : StreamBusCli.blankToNull(root.env(JDBC_URL_ENV));
    }

    private String password(StreamBusCli root) {
        return jdbcPassword != null ? jdbcPassword : StreamBusCli.blankToNull(root.env(JDBC_PASSWORD_ENV));
    }
}
