package dev.streambus.cli.archive;

import dev.streambus.cli.StreamBusCli;
import picocli.CommandLine.Option;

/** {@code --archive-jdbc-url}: the archive storage database, for the commands that archive or restore. */
public final class ArchiveStorageOption {

    @Option(names = "--archive-jdbc-url", paramLabel = "<jdbc-url>",
            description = "Archive storage database, H2 or PostgreSQL (default: $" + StreamBusCli.ARCHIVE_URL_ENV
                    + "; user $" + StreamBusCli.ARCHIVE_USER_ENV + ", password $" + StreamBusCli.ARCHIVE_PASSWORD_ENV
                    + ")")
    String archiveJdbcUrl;

    /** {@code --archive-jdbc-url}, else {@code $STREAMBUS_ARCHIVE_JDBC_URL}, else null. */
    public String url(StreamBusCli root) {
        return archiveJdbcUrl != null ? archiveJdbcUrl
                : StreamBusCli.blankToNull(root.env(StreamBusCli.ARCHIVE_URL_ENV));
    }
}
