/** {@code streambus console}: the web console started from the command line. */
package dev.streambus.cli.console;
