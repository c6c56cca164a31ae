package dev.streambus.console;

import dev.streambus.redis.RedisErrors;

import java.util.function.Supplier;

/** Turns refusals of core operations into {@link ApiError}s naming what was wrong. */
final class Errors {

    private Errors() {
    }

    /** Runs {@code call}; an {@link IllegalArgumentException} (bad input, nothing done) becomes a 400. */
    static <T> T input(Supplier<T> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    /** As {@link #input}, and Redis's NOGROUP (stream or group missing) becomes a 404 naming both. */
    static <T> T onGroup(String stream, String group, Supplier<T> call) {
        try {
            return input(call);
        } catch (ApiError e) {
            throw e;
        } catch (RuntimeException e) {
            if (RedisErrors.isNoGroup(e)) {
                throw ApiError.notFound("group '" + group + "' of stream '" + stream + "' does not exist");
            }
            throw e;
        }
    }
}
