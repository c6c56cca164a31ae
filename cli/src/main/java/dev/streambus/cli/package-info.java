/**
 * The {@code streambus} command line ({@link dev.streambus.cli.StreamBusCli}): shared options, Redis connection,
 * the user's Guice module of listeners and projections, exit codes.
 */
package dev.streambus.cli;
