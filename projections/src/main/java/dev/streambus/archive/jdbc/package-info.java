/**
 * Archive storage in an SQL database (H2 or PostgreSQL) for Laravel Streamer's archive and restore commands.
 */
package dev.streambus.archive.jdbc;
