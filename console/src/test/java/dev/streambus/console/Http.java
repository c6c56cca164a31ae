package dev.streambus.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small JSON client for the console's API, as the page uses it (CSRF header from /api/session). */
final class Http {

    record Reply(int status, JsonNode json) {
        String error() {
            return json.path("error").asText();
        }
    }

    static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String bearer;
    private String csrf;

    Http(String base, String bearer) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.bearer = bearer;
    }

    Http(ConsoleServer server) {
        this(server.url(), server.config().token());
    }

    String csrf() {
        if (csrf == null) {
            csrf = get("/api/session").json().path("csrf").asText();
        }
        return csrf;
    }

    Reply get(String path) {
        return send(request(path).GET().build());
    }

    /** POST with the CSRF token and a JSON body. */
    Reply post(String path, String body) {
        return send(request(path).header("Content-Type", "application/json").header("X-CSRF-Token", csrf())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    Reply post(String path, Object body) {
        try {
            return post(path, MAPPER.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Reply send(HttpRequest request) {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body().isEmpty() || !r.headers().firstValue("Content-Type").orElse("")
                    .startsWith("application/json") ? MAPPER.nullNode() : MAPPER.readTree(r.body());
            return new Reply(r.statusCode(), json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        return bearer == null ? b : b.header("Authorization", "Bearer " + bearer);
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
