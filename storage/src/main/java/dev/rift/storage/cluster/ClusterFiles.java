package dev.rift.storage.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The files rift writes in a data directory: a managed block at the end of {@code postgresql.conf}
 * (replaced, not appended, when an existing data directory is started again), {@code pg_hba.conf},
 * the socket directory; and where the server log is.
 */
final class ClusterFiles {

    private static final Logger log = LoggerFactory.getLogger(ClusterFiles.class);

    private static final String BLOCK_BEGIN = "# --- rift LocalCluster settings (managed: rewritten on every start) ---";
    private static final String BLOCK_END = "# --- end of rift LocalCluster settings ---";
    private static final int MAX_SOCKET_PATH = 107;

    private ClusterFiles() {
    }

    static void writeConf(Path dataDir, int port, LocalCluster.Durability durability, Map<String, String> extra)
            throws IOException {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("listen_addresses", LocalCluster.HOST);
        s.put("port", Integer.toString(port));
        s.put("unix_socket_directories", socketDir(dataDir).toString());
        s.put("max_connections", "600");
        s.put("shared_buffers", "128MB");
        s.put("password_encryption", "scram-sha-256");
        s.putAll(new TreeMap<>(durability.settings()));
        s.putAll(extra);

        Path conf = dataDir.resolve("postgresql.conf");
        String existing = Files.readString(conf);
        int begin = existing.indexOf(BLOCK_BEGIN);
        if (begin >= 0) {
            int end = existing.indexOf(BLOCK_END, begin);
            String after = end < 0 ? "" : existing.substring(end + BLOCK_END.length());
            existing = existing.substring(0, begin) + after.stripLeading();
        }
        StringBuilder b = new StringBuilder(existing);
        if (!existing.endsWith("\n")) {
            b.append('\n');
        }
        b.append(BLOCK_BEGIN).append('\n');
        s.forEach((k, v) -> b.append(k).append(" = '").append(v.replace("'", "''")).append("'\n"));
        b.append(BLOCK_END).append('\n');
        Files.writeString(conf, b.toString()); // keeps the file's owner (postgres when root)
    }

    static void writeHba(Path dataDir) throws IOException {
        String hba = """
                # written by rift LocalCluster
                # TYPE  DATABASE     USER  ADDRESS        METHOD
                local   all          all                  trust
                host    all          all   127.0.0.1/32   scram-sha-256
                host    all          all   ::1/128        scram-sha-256
                local   replication  all                  trust
                host    replication  all   127.0.0.1/32   scram-sha-256
                """;
        Files.writeString(dataDir.resolve("pg_hba.conf"), hba);
    }

    static void ensureSocketDir(Path dataDir, boolean asRoot) throws IOException {
        Path dir = socketDir(dataDir);
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            if (asRoot) {
                PostgresOsUser.chown(dir);
            }
        }
    }

    static void checkSocketPathLength(Path dataDir, int port) {
        String socket = socketDir(dataDir) + "/.s.PGSQL." + port;
        if (socket.length() > MAX_SOCKET_PATH) {
            throw new IllegalArgumentException("data directory path too long for a Unix socket inside it ("
                    + socket.length() + " > " + MAX_SOCKET_PATH + " characters): " + socket
                    + "; use a shorter data directory path");
        }
    }

    static Path socketDir(Path dataDir) {
        return dataDir.resolve("socket");
    }

    static Path logFile(Path dataDir) {
        return dataDir.resolve("server.log");
    }

    /** The last {@code lines} lines of {@code file}, or why it cannot be read (this goes into error messages). */
    static String readTail(Path file, int lines) {
        try {
            return ExternalCommand.tail(Files.readString(file, StandardCharsets.UTF_8), lines);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        } catch (RuntimeException e) { // malformed input
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /** Deletes {@code root} and everything under it (links themselves, not their targets); null is a no-op. */
    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    if (exc instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw exc;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.warn("could not delete {}: {}", root, e.toString());
        }
    }
}
