package dev.rift.storage.pool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A non-exclusive base backup held open around a file-by-file clone (reflink, copy drivers), so a
 * clone of a running cluster is consistent: {@code pg_backup_start} and {@code pg_backup_stop}
 * must be called in one session, so that session is a psql process fed through its stdin. The
 * label {@code pg_backup_stop} returns is written into the clone as {@code backup_label}, which
 * makes the clone's first start replay WAL from the backup's checkpoint.
 */
final class OnlineBackup implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OnlineBackup.class);
    private static final String STARTED = "rift-backup-started";
    private static final String STOPPED = "rift-backup-stopped";

    private final Process psql;
    private final Writer in;
    private final BufferedReader out;

    private OnlineBackup(Process psql) {
        this.psql = psql;
        this.in = new OutputStreamWriter(psql.getOutputStream(), StandardCharsets.UTF_8);
        this.out = new BufferedReader(new InputStreamReader(psql.getInputStream(), StandardCharsets.UTF_8));
    }

    /** {@code pg_backup_start(label, fast => true)} on the running postmaster of {@code dataDir}. */
    static OnlineBackup start(Postmasters postmasters, Path dataDir, Postmaster p, String superuser, String label) {
        List<String> argv = Postmasters.pg(postmasters.psql(dataDir, p, superuser, List.of()), Duration.ofMinutes(1)).argv();
        try {
            Process process = new ProcessBuilder(argv).directory(Path.of("/").toFile())
                    .redirectErrorStream(true).start();
            OnlineBackup b = new OnlineBackup(process);
            b.send("SELECT pg_backup_start('" + label.replace("'", "''") + "', true);\n\\echo " + STARTED + "\n");
            b.readUntil(STARTED);
            log.debug("backup {} started on {}", label, dataDir);
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a base backup on " + dataDir + ": " + e, e);
        }
    }

    /** {@code pg_backup_stop()}: ends the backup and returns the backup label's text. */
    String stop() {
        send("SELECT labelfile FROM pg_backup_stop(false);\n\\echo " + STOPPED + "\n\\q\n");
        List<String> lines = readUntil(STOPPED);
        StringBuilder label = new StringBuilder();
        for (String l : lines) {
            if (!l.isEmpty()) {
                label.append(l).append('\n');
            }
        }
        if (label.indexOf("START WAL LOCATION") < 0) {
            throw new IllegalStateException("pg_backup_stop returned no backup label: " + lines);
        }
        return label.toString();
    }

    /** Ends the session; a backup still open is aborted by PostgreSQL when its session ends. */
    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!psql.waitFor(10, TimeUnit.SECONDS)) {
                psql.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            psql.destroyForcibly();
        }
    }

    private void send(String text) {
        try {
            in.write(text);
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the backup session ended early: " + e, e);
        }
    }

    /** Lines psql printed before {@code marker}; fails with them if psql reports an error or exits. */
    private List<String> readUntil(String marker) {
        List<String> lines = new ArrayList<>();
        try {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.equals(marker)) {
                    return lines;
                }
                if (line.contains("ERROR:") || line.contains("FATAL:")) {
                    throw new IllegalStateException("base backup failed: " + line);
                }
                lines.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the backup session's output: " + e, e);
        }
        throw new IllegalStateException("the backup session ended before " + marker + ": " + lines);
    }
}
