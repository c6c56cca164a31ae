package dev.streambus.console;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * Checks every request before it is handled.
 * <ul>
 *   <li>With an access token: the request carries it (cookie {@value #COOKIE}, {@code Authorization: Bearer}, or
 *       {@code ?token=} on the page itself, which then sets the cookie); otherwise 401.</li>
 *   <li>Without one (loopback only): the {@code Host} header must name a loopback address, so a web page whose
 *       name was re-pointed at 127.0.0.1 (DNS rebinding) gets 403.</li>
 *   <li>State changes are POST with {@code Content-Type: application/json} and header {@value #CSRF_HEADER} equal
 *       to the per-server token the page reads from {@code /api/session} (another site cannot read it); otherwise
 *       403. In read-only mode every POST is refused with 403.</li>
 * </ul>
 * Tokens are compared in constant time and never logged.
 */
final class Guard {

    static final String COOKIE = "streambus_console";
    static final String CSRF_HEADER = "X-CSRF-Token";

    private final ConsoleConfig config;
    private final String csrf;

    Guard(ConsoleConfig config, String csrf) {
        this.config = config;
        this.csrf = csrf;
    }

    String csrf() {
        return csrf;
    }

    void check(Context ctx) {
        if (config.token() != null) {
            if (!hasToken(ctx)) {
                throw new ApiError(401, "missing or wrong access token (open the console with ?token=...)");
            }
        } else if (!loopbackHost(ctx.header("Host"))) {
            throw new ApiError(403, "Host header must name a loopback address");
        }
        if (ctx.method() == HandlerType.POST) {
            if (config.readOnly()) {
                throw new ApiError(403, "the console is read-only: " + ctx.path() + " refused");
            }
            String type = ctx.header("Content-Type");
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                throw new ApiError(415, "state-changing calls take Content-Type: application/json");
            }
            if (!same(ctx.header(CSRF_HEADER), csrf)) {
                throw new ApiError(403, "missing or wrong " + CSRF_HEADER + " header (read it from /api/session)");
            }
        }
    }

    /** True when the page was opened with the right {@code ?token=}: the caller sets the cookie. */
    boolean tokenInQuery(Context ctx) {
        return config.token() != null && same(ctx.queryParam("token"), config.token());
    }

    String cookieHeader() {
        return COOKIE + "=" + config.token() + "; Path=/; HttpOnly; SameSite=Strict";
    }

    private boolean hasToken(Context ctx) {
        String auth = ctx.header("Authorization");
        return same(ctx.cookie(COOKIE), config.token())
                || auth != null && auth.startsWith("Bearer ") && same(auth.substring(7), config.token())
                || tokenInQuery(ctx);
    }

    private static boolean loopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                : host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
        return name.equals("localhost") || name.equals("[::1]") || name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    private static boolean same(String given, String expected) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }
}
