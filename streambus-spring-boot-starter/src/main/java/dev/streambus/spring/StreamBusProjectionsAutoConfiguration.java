package dev.streambus.spring;

import dev.streambus.projection.Projection;
import dev.streambus.projection.ProjectionRunner;
import dev.streambus.projection.RunnerConfig;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;
import java.util.List;

/**
 * Runs every {@link Projection} bean live ({@link StreamBusProjections}) on the DataSource named by
 * {@code streambus.projections.data-source}, else the context's only (or primary) one; present when the projections
 * module is on the class path. Off with {@code streambus.projections.enabled=false}.
 */
@AutoConfiguration(after = StreamBusAutoConfiguration.class,
        afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(ProjectionRunner.class)
@ConditionalOnBean({Projection.class, StreamBusConsumer.class})
@ConditionalOnProperty(prefix = "streambus.projections", name = "enabled", matchIfMissing = true)
public class StreamBusProjectionsAutoConfiguration {

    /** The runner settings from {@code streambus.projections.*}, validated by {@link RunnerConfig.Builder}. */
    static RunnerConfig runnerConfig(StreamBusProperties.ProjectionSettings p) {
        RunnerConfig.Builder b = RunnerConfig.builder();
        StreamBusProperties.set(p.batchSize(), b::batchSize);
        StreamBusProperties.set(p.consumer(), b::consumer);
        StreamBusProperties.set(p.skipFailures(), b::skipFailures);
        StreamBusProperties.set(p.block(), b::block);
        StreamBusProperties.set(p.reclaimIdle(), b::reclaimIdle);
        StreamBusProperties.set(p.reclaimInterval(), b::reclaimInterval);
        StreamBusProperties.set(p.checkPermissions(), b::checkPermissions);
        return b.build();
    }


    /**
     * @throws IllegalStateException when there is no DataSource to use, naming the projections and what to set
     */
    @Bean
    @ConditionalOnMissingBean
    public StreamBusProjections streambusProjections(ObjectProvider<Projection> projections, RedissonClient redisson,
                                                     ObjectProvider<DataSource> dataSources, BeanFactory beans,
                                                     StreamBusProperties properties,
                                                     StreamBusObservability observability) {
        List<Projection> all = projections.orderedStream().toList();
        String named = properties.projections().dataSource();
        DataSource dataSource = named != null ? beans.getBean(named, DataSource.class) : dataSources.getIfUnique();
        if (dataSource == null) {
            throw new IllegalStateException("streambus projections " + all.stream().map(Projection::name).toList()
                    + " need a DataSource for their read models: define one (e.g. spring.datasource.url) or, with "
                    + "several, name it with streambus.projections.data-source");
        }
        RunnerConfig config = runnerConfig(properties.projections());
        return new StreamBusProjections(all.stream()
                .map(p -> ProjectionRunner.create(p, redisson, dataSource, config)).toList(), redisson, observability);
    }
}
