/**
 * The projection rebuild benchmark against a sequential XRANGE-then-JDBC baseline.
 */
package dev.streambus.benchmarks.projection;
