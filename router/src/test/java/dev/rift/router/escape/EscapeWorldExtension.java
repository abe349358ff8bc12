package dev.rift.router.escape;

import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test classes the {@link EscapeWorld}, built once per test run (building it takes half a minute: rift's
 * catalog, the shop, the victim's DDL) and closed when the run ends, before the upstream it lives in.
 * Register after {@link UpstreamExtension}.
 */
final class EscapeWorldExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EscapeWorldExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EscapeWorld.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(EscapeWorld.class, k -> {
            try {
                return new Closing(EscapeWorld.build(UpstreamExtension.upstream(context)));
            } catch (Exception e) {
                throw new IllegalStateException("cannot build the escape world: " + e, e);
            }
        }, Closing.class).world();
    }

    /** The store closes what it holds at the end of the run, in the reverse order it was stored. */
    private record Closing(EscapeWorld world) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            try {
                world.close();
            } catch (Exception e) {
                // The run's own cluster may be stopped first, and takes the world's databases and roles with it.
                System.err.println("escape world not cleaned up (" + e.getMessage() + "): fine if the test cluster is gone");
            }
        }
    }
}
