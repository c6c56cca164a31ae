/**
 * The projection's own tables in the read model's database: checkpoints per stream, guard rows of applied
 * entries, recorded failures, and their Flyway migrations.
 */
package dev.streambus.projection.store;
