package dev.rift.storage.testing;

import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.cluster.LocalCluster;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * Provides ONE shared upstream PostgreSQL per test JVM as a {@link TestUpstream} parameter, for
 * test methods, constructors and {@code @BeforeAll}/{@code @BeforeEach} methods:
 *
 * <pre>{@code
 * @ExtendWith(UpstreamExtension.class)
 * class MyTest {
 *     @Test
 *     void something(TestUpstream upstream) throws Exception {
 *         String db = upstream.createDatabase();
 *         try (Connection c = upstream.connect(db)) { ... }
 *     }
 * }
 * }</pre>
 *
 * Which server, in order:
 * <ol>
 *   <li>env {@code RIFT_TEST_UPSTREAM} (or system property {@code rift.test.upstream}): a
 *       {@code postgres://} or {@code jdbc:postgresql://} URL of an existing server;</li>
 *   <li>a {@code postgres:15} Testcontainers container, if Testcontainers is on the test classpath
 *       and reports a Docker engine (set {@code RIFT_TEST_DOCKER=false} to skip the probe);</li>
 *   <li>a {@link LocalCluster} from this machine's PostgreSQL binaries, on a free port.</li>
 * </ol>
 * The container and the local cluster get superuser {@code rift_test} with a random password and a
 * database {@code rift_test}. The server is kept in the root {@link ExtensionContext.Store} and
 * stopped when the test run ends ({@link LocalCluster}'s shutdown hook covers crashes).
 *
 * <p>From another module: add {@code dev.rift:rift-storage} with {@code <type>test-jar</type>} at
 * test scope (next to the normal {@code rift-storage} dependency). Testcontainers is test-scoped in
 * storage and so not inherited: add {@code org.testcontainers:postgresql} (test) to a module that
 * wants the container option; without it the extension goes straight to a local cluster.
 */
public final class UpstreamExtension implements ParameterResolver {

    private static final Logger log = LoggerFactory.getLogger(UpstreamExtension.class);

    public static final String ENV_UPSTREAM = "RIFT_TEST_UPSTREAM";
    public static final String PROPERTY_UPSTREAM = "rift.test.upstream";
    public static final String ENV_DOCKER = "RIFT_TEST_DOCKER";
    public static final String USER = "rift_test";
    public static final String DATABASE = "rift_test";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(UpstreamExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestUpstream.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        try {
            return upstream(extensionContext);
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("no upstream PostgreSQL for tests: " + e.getMessage(), e);
        }
    }

    /** The shared upstream, started on first use; for other extensions. */
    public static TestUpstream upstream(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Shared.class, k -> Shared.start(), Shared.class)
                .upstream();
    }

    /** The started server and what stops it; closed by JUnit at the end of the run. */
    static final class Shared implements AutoCloseable {
        private final TestUpstream upstream;
        private final Runnable stopper;

        private Shared(TestUpstream upstream, Runnable stopper) {
            this.upstream = upstream;
            this.stopper = stopper;
        }

        TestUpstream upstream() {
            return upstream;
        }

        static Shared start() {
            String url = System.getProperty(PROPERTY_UPSTREAM);
            if (url == null || url.isBlank()) {
                url = System.getenv(ENV_UPSTREAM);
            }
            if (url != null && !url.isBlank()) {
                return external(url);
            }
            if (dockerWanted() && ContainerSupport.testcontainersPresent()) {
                if (ContainerSupport.dockerAvailable()) {
                    Shared s = ContainerSupport.start(USER, randomPassword(), DATABASE);
                    log.info("test upstream: Testcontainers postgres:15 at {}:{}", s.upstream.host(), s.upstream.port());
                    return s;
                }
                log.info("test upstream: no Docker engine answers; using a local cluster");
            }
            LocalCluster cluster = LocalCluster.start(USER, randomPassword());
            try (Connection c = cluster.connect("postgres"); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + DATABASE);
            } catch (SQLException e) {
                cluster.close();
                throw new IllegalStateException("cannot create database " + DATABASE + " on " + cluster, e);
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
            log.info("test upstream: local cluster (PostgreSQL {}) at {}:{}, data {}", cluster.binaries().majorVersion(),
                    cluster.host(), cluster.port(), cluster.dataDir());
            return new Shared(TestUpstream.of(cluster, DATABASE), cluster::close);
        }

        private static Shared external(String url) {
            UpstreamUrl u = UpstreamUrl.parse(url);
            TestUpstream up = TestUpstream.of(ENV_UPSTREAM, u.host(), u.port(), u.user(), u.password(), u.database(),
                    null);
            try (Connection c = up.connect()) {
                c.isValid(5);
            } catch (SQLException e) {
                throw new IllegalStateException(ENV_UPSTREAM + "=" + u + " is not reachable: " + e.getMessage(), e);
            }
            log.info("test upstream: {} {}", ENV_UPSTREAM, u);
            return new Shared(up, () -> { });
        }

        static Shared of(TestUpstream upstream, Runnable stopper) {
            return new Shared(upstream, stopper);
        }

        @Override
        public void close() {
            log.info("stopping test upstream ({})", upstream.kind());
            stopper.run();
        }
    }

    private static boolean dockerWanted() {
        String v = System.getenv(ENV_DOCKER);
        return v == null || !(v.equalsIgnoreCase("false") || v.equals("0") || v.equalsIgnoreCase("no"));
    }

    static String randomPassword() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
