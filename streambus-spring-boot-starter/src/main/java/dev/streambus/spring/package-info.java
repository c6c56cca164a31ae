/**
 * Spring Boot support: auto-configuration from {@code streambus.*} properties, listener beans and
 * {@link dev.streambus.spring.StreamerListener} methods, an injectable {@link dev.streambus.publish.Publisher}, the
 * consumer and projections run with the application context, and Actuator health.
 */
package dev.streambus.spring;
