/**
 * The web console: {@link dev.streambus.console.ConsoleServer} serves one offline page and a JSON API over the core
 * operations (status, pending entries, claims, hand-over, trim, dead letters, failed messages, publishing,
 * projections). Loopback by default, token for anything else, CSRF on every state change, read-only mode.
 */
package dev.streambus.console;
