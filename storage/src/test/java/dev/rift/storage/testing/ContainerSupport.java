package dev.rift.storage.testing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Testcontainers side of {@link UpstreamExtension}, kept apart so that modules whose test
 * classpath lacks Testcontainers (it is test-scoped in storage, so not inherited through the
 * test-jar) never load its classes: they simply get a local cluster.
 */
final class ContainerSupport {

    private static final Logger log = LoggerFactory.getLogger(ContainerSupport.class);

    private ContainerSupport() {
    }

    static boolean testcontainersPresent() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, ContainerSupport.class.getClassLoader());
            Class.forName("org.testcontainers.containers.PostgreSQLContainer", false,
                    ContainerSupport.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            log.debug("Testcontainers not on the test classpath");
            return false;
        }
    }

    static boolean dockerAvailable() {
        try {
            return Impl.dockerAvailable();
        } catch (Throwable t) { // anything at all means "no Docker"
            log.debug("Docker probe failed: {}", t.toString());
            return false;
        }
    }

    static UpstreamExtension.Shared start(String user, String password, String database) {
        return Impl.start(user, password, database);
    }

    /** Only loaded once Testcontainers is known to be present. */
    private static final class Impl {
        static boolean dockerAvailable() {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        }

        static UpstreamExtension.Shared start(String user, String password, String database) {
            org.testcontainers.containers.PostgreSQLContainer<?> c =
                    new org.testcontainers.containers.PostgreSQLContainer<>(
                            org.testcontainers.utility.DockerImageName.parse("postgres:15"))
                            .withUsername(user)
                            .withPassword(password)
                            .withDatabaseName(database)
                            .withSharedMemorySize(512L * 1024 * 1024)
                            .withCommand("postgres", "-c", "max_connections=600", "-c", "shared_buffers=128MB",
                                    "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
            c.start();
            TestUpstream up = TestUpstream.of("container", c.getHost(), c.getMappedPort(5432), user, password,
                    database, null);
            return UpstreamExtension.Shared.of(up, c::stop);
        }
    }
}
