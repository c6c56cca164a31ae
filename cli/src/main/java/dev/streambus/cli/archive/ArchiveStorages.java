package dev.streambus.cli.archive;

import dev.streambus.archive.ArchiveStorage;
import dev.streambus.archive.jdbc.JdbcArchiveStorage;
import dev.streambus.cli.CliFailure;
import dev.streambus.cli.StreamBusCli;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.logging.Logger;

/** Opens the archive storage named by {@code --archive-jdbc-url} (migrating its table). */
public final class ArchiveStorages {

    private ArchiveStorages() {
    }

    /**
     * The JDBC archive storage, table created or updated.
     *
     * @throws CliFailure (exit 2) without a URL, (exit 1) when the database cannot be used; never shows the password
     */
    public static ArchiveStorage open(StreamBusCli root, ArchiveStorageOption option) {
        String url = option.url(root);
        if (url == null) {
            throw new CliFailure("error: archiving needs an archive storage: --archive-jdbc-url=<jdbc-url> (or set "
                    + StreamBusCli.ARCHIVE_URL_ENV + ")", 2);
        }
        DataSource dataSource = new DriverManagerDataSource(url, root.env(StreamBusCli.ARCHIVE_USER_ENV),
                root.env(StreamBusCli.ARCHIVE_PASSWORD_ENV));
        try {
            JdbcArchiveStorage.migrate(dataSource);
        } catch (RuntimeException e) {
            throw new CliFailure("error: archive storage unusable: " + e.getMessage(), 1);
        }
        return new JdbcArchiveStorage(dataSource, root.clock());
    }

    /** A DataSource over {@link DriverManager}: a new connection per call (the CLI makes few). */
    private record DriverManagerDataSource(String url, String user, String password) implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            return user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password);
        }

        @Override
        public Connection getConnection(String username, String pass) throws SQLException {
            return DriverManager.getConnection(url, username, pass);
        }

        @Override
        public String toString() {
            return "DataSource[" + url + "]";
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
