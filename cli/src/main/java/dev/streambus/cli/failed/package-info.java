/**
 * {@code streambus failed:list}, {@code failed:retry}, {@code failed:flush}: the {@code failed_stream} set shared
 * with PHP.
 */
package dev.streambus.cli.failed;
