package dev.streambus.samples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot service on streambus: {@link Checkout} publishes {@link PaymentReceived} through the injected
 * {@code Publisher}, {@link Receipts} consumes it with a {@code @StreamerListener} method; settings in
 * {@code application.properties}; Actuator's health shows the consumer under {@code streambus}.
 */
@SpringBootApplication
public class ShopApplication {

    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }
}
