package dev.streambus.localredis;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a JUnit 5 test class as using Redis: shorthand for {@code @ExtendWith(RedisExtension.class)}. Test methods,
 * constructors and lifecycle methods may then declare {@code RedissonClient}, {@link LocalRedis} and (per test)
 * {@link TestKeys} parameters.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(RedisExtension.class)
public @interface RedisTest {
}
