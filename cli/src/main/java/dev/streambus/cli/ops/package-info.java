/**
 * Operations commands: {@code status}, {@code tail}, {@code dlq:list}, {@code dlq:replay} and
 * {@code projection:rebuild} with its progress bar.
 */
package dev.streambus.cli.ops;
