package dev.streambus.benchmarks.bus;

import dev.streambus.redis.connect.RedisUrl;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * The one place the peers connect: a plain Lettuce {@link RedisClient}, Spring Data Redis's
 * {@link LettuceConnectionFactory} + {@link StringRedisTemplate} (no Spring context: {@code afterPropertiesSet} and
 * {@code start} by hand, default client options) and plain {@link Jedis} connections, all to the same resolved
 * {@link RedisUrl} as streambus.
 */
final class PeerClients implements AutoCloseable {

    private final RedisClient lettuce;
    private final LettuceConnectionFactory springConnections;
    private final StringRedisTemplate template;
    private final HostAndPort jedisAddress;
    private final DefaultJedisClientConfig jedisConfig;

    PeerClients(RedisUrl url) {
        RedisURI.Builder uri = RedisURI.builder().withHost(url.host()).withPort(url.port())
                .withDatabase(url.database()).withSsl(url.tls());
        if (url.password() != null) {
            if (url.username() != null) {
                uri.withAuthentication(url.username(), url.password());
            } else {
                uri.withPassword(url.password().toCharArray());
            }
        }
        this.lettuce = RedisClient.create(uri.build());

        RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(url.host(), url.port());
        server.setDatabase(url.database());
        server.setUsername(url.username());
        server.setPassword(RedisPassword.of(url.password()));
        LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder();
        if (url.tls()) {
            client.useSsl();
        }
        this.springConnections = new LettuceConnectionFactory(server, client.build());
        springConnections.afterPropertiesSet();
        springConnections.start();
        this.template = new StringRedisTemplate(springConnections);

        this.jedisAddress = new HostAndPort(url.host(), url.port());
        DefaultJedisClientConfig.Builder jedis = DefaultJedisClientConfig.builder().database(url.database())
                .ssl(url.tls());
        if (url.password() != null) {
            jedis.user(url.username()).password(url.password());
        }
        this.jedisConfig = jedis.build();
    }

    /** Plain Lettuce: each peer opens (and closes) its own connection. */
    RedisClient lettuce() {
        return lettuce;
    }

    /** Plain Jedis: a new blocking connection of its own (the caller closes it). */
    Jedis newJedis() {
        return new Jedis(jedisAddress, jedisConfig);
    }

    /** Jedis's pooled client with up to {@code connections} blocking connections (the caller closes it). */
    redis.clients.jedis.RedisClient newJedisPool(int connections) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(connections);
        pool.setMaxIdle(connections);
        return redis.clients.jedis.RedisClient.builder().hostAndPort(jedisAddress).clientConfig(jedisConfig)
                .poolConfig(pool).build();
    }

    /** Spring Data Redis's connection factory (shared native connection, as by default). */
    LettuceConnectionFactory springConnections() {
        return springConnections;
    }

    /** Spring Data Redis's string template on {@link #springConnections()}. */
    StringRedisTemplate template() {
        return template;
    }

    @Override
    public void close() {
        try {
            springConnections.destroy();
        } finally {
            lettuce.shutdown();
        }
    }
}
