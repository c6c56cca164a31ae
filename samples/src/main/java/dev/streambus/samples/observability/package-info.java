/** Metrics, health and tracing wired without a container (the README's example). */
package dev.streambus.samples.observability;
