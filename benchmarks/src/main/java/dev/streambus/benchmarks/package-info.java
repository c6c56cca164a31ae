/**
 * Runnable benchmark mains ({@link dev.streambus.benchmarks.Benchmarks}): figures and ratios to baselines measured in
 * the same run.
 */
package dev.streambus.benchmarks;
