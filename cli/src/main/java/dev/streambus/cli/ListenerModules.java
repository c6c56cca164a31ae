package dev.streambus.cli;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.util.Modules;
import dev.streambus.consume.MessageListener;
import dev.streambus.projection.Projection;
import org.redisson.api.RedissonClient;

import java.util.List;
import java.util.Set;

/**
 * Loads the user's listeners and projections: a Guice {@link Module} class (public no-argument constructor) named on
 * the command line that adds {@link MessageListener}s with {@code StreamBusModule.listeners(binder())} and/or
 * {@link Projection}s with {@code Multibinder.newSetBinder(binder(), Projection.class).addBinding().toInstance(...)}.
 * The class comes from the CLI's class path or from the {@link ModulePath} ({@code --module-path}).
 * The CLI's Redis client is bound as {@link RedissonClient} unless the module binds its own.
 */
public final class ListenerModules {

    private ListenerModules() {
    }

    /**
     * The listeners the module binds, in binding order.
     *
     * @throws CliFailure (exit 2) when the class cannot be loaded or is not a module, (exit 1) when Guice fails
     */
    public static List<MessageListener> load(String className, ModulePath path, RedissonClient redisson) {
        return List.copyOf(bound(className, path, redisson, new TypeLiteral<Set<MessageListener>>() { }));
    }

    /**
     * The projections the module binds ({@code Set<Projection>} multibinding), in binding order.
     *
     * @throws CliFailure (exit 2) when the class cannot be loaded or is not a module, (exit 1) when Guice fails
     */
    public static List<Projection> projections(String className, ModulePath path, RedissonClient redisson) {
        return List.copyOf(bound(className, path, redisson, new TypeLiteral<Set<Projection>>() { }));
    }

    private static <T> T bound(String className, ModulePath path, RedissonClient redisson, TypeLiteral<T> type) {
        Module user = instantiate(className, path);
        Module base = new AbstractModule() {
            @Override
            protected void configure() {
                bind(RedissonClient.class).toInstance(redisson);
                Multibinder.newSetBinder(binder(), MessageListener.class);
                Multibinder.newSetBinder(binder(), Projection.class);
            }
        };
        try {
            Injector injector = Guice.createInjector(Modules.override(base).with(user));
            return injector.getInstance(Key.get(type));
        } catch (CreationException e) {
            throw new CliFailure("module " + className + " failed: " + e.getErrorMessages().iterator().next()
                    .getMessage(), 1);
        }
    }

    private static Module instantiate(String className, ModulePath path) {
        Class<?> type;
        try {
            type = Class.forName(className, true, path.classLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new CliFailure("error: module class '" + className + "' not found on the class path"
                    + (path.isEmpty() ? " (with java -jar, name its jar or classes directory with --module-path)"
                    : " nor in --module-path " + path) + notFoundDetail(e), 2);
        }
        if (!Module.class.isAssignableFrom(type)) {
            throw new CliFailure("error: '" + className + "' is not a Guice module (com.google.inject.Module)", 2);
        }
        try {
            return (Module) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new CliFailure("error: cannot create module '" + className + "': it needs a public no-argument "
                    + "constructor (" + e + ")", 2);
        }
    }

    /** For a class found but not linkable (a dependency missing from the path): which one. */
    private static String notFoundDetail(Throwable e) {
        return e instanceof LinkageError ? " (" + e + ")" : "";
    }
}
