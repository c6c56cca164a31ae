/**
 * The smallest publish: one typed event written as Laravel Streamer writes it.
 */
package dev.streambus.samples.quickstart;
