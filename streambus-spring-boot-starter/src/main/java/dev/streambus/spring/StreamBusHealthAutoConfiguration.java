package dev.streambus.spring;

import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Actuator health, present when Spring Boot's health support is on the class path: a contributor {@code streambus}
 * with one {@link StreamBusHealthIndicator} per part ({@code consumer}, {@code projection-<name>}). Off with
 * {@code management.health.streambus.enabled=false}.
 */
@AutoConfiguration(after = {StreamBusAutoConfiguration.class, StreamBusProjectionsAutoConfiguration.class})
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(StreamBusConsumer.class)
@ConditionalOnEnabledHealthIndicator("streambus")
public class StreamBusHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "streambusHealthContributor")
    public CompositeHealthContributor streambusHealthContributor(ObjectProvider<StreamBusReports> parts,
                                                                 RedissonClient redisson,
                                                                 StreamBusProperties properties) {
        Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
        parts.orderedStream().forEach(part -> part.healthReports().forEach((name, report) -> indicators.put(name,
                new StreamBusHealthIndicator(report, redisson, properties.health().redisTimeout()))));
        return CompositeHealthContributor.fromMap(indicators);
    }
}
