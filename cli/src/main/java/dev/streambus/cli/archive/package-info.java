/**
 * {@code streambus archive}, {@code purge} and {@code archive:restore}, with SQL archive storage.
 */
package dev.streambus.cli.archive;
