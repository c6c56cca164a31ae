package dev.streambus.projection.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

/**
 * How one database spells unquoted identifiers (H2: upper case, PostgreSQL: lower case), so names the framework
 * makes up (build schemas) can be created quoted and still be written unquoted by readers.
 *
 * @param upperCase true when the database folds unquoted identifiers to upper case
 * @param postgres  true for PostgreSQL (transactional DDL)
 */
public record SqlNames(boolean upperCase, boolean postgres) {

    /** PostgreSQL's identifier limit, the tighter of the two. */
    public static final int MAX_IDENTIFIER = 63;

    public static SqlNames of(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        return new SqlNames(md.storesUpperCaseIdentifiers(),
                md.getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres"));
    }

    /** {@code name} as the database stores it when written unquoted. */
    public String fold(String name) {
        return upperCase ? name.toUpperCase(Locale.ROOT) : name.toLowerCase(Locale.ROOT);
    }

    /** A quoted identifier, e.g. {@code "ORDER_SUMMARY"}. */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /**
     * Lower-cased, anything but [a-z0-9_] replaced by '_'; longer than {@code max} characters: cut and given a hash
     * suffix of the original, so distinct names stay distinct.
     */
    public static String clean(String name, int max) {
        String clean = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (clean.length() > max) {
            clean = clean.substring(0, max - 9) + "_" + String.format("%08x", name.hashCode());
        }
        return clean;
    }
}
