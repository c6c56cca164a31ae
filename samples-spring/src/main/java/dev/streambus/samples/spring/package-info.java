/** A Spring Boot service on streambus, through {@code streambus-spring-boot-starter}. */
package dev.streambus.samples.spring;
