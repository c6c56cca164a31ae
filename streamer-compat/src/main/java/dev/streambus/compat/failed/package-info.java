/**
 * The {@code failed_stream} set member PHP and Java share ({@link dev.streambus.compat.failed.FailedMessage}).
 */
package dev.streambus.compat.failed;
