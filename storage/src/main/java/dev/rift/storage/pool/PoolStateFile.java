package dev.rift.storage.pool;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The pool's state file, {@code rift-pool.json} in the pool directory, and the lock that serializes
 * every change to the pool ({@code .rift-pool.lock} next to it). The CLI and a running
 * {@code rift serve} both change branches, so each change holds an exclusive {@code flock}-style
 * lock for its whole duration (snapshot, clone, state write). Threads of one JVM queue on an
 * in-process lock first, since a JVM cannot hold two overlapping file locks. Writes go to a
 * temporary file renamed into place, so a reader never sees half a file and needs no lock.
 */
public final class PoolStateFile {

    public static final String FILE_NAME = "rift-pool.json";
    static final String LOCK_NAME = ".rift-pool.lock";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path lockFile;

    public PoolStateFile(Path poolDirectory) {
        this.file = poolDirectory.resolve(FILE_NAME);
        this.lockFile = poolDirectory.resolve(LOCK_NAME);
    }

    public Path path() {
        return file;
    }

    public boolean exists() {
        return Files.isRegularFile(file);
    }

    /** The state, or empty if the pool was never initialized. */
    public Optional<PoolState> read() {
        if (!exists()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), PoolState.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the snapshot pool state " + file + ": " + e.getMessage(), e);
        }
    }

    /** The state; fails with a hint if the pool was never initialized. */
    public PoolState require() {
        return read().orElseThrow(() -> new IllegalStateException("no snapshot pool state at " + file
                + ": set the pool up first with rift init --mode snapshot --driver DRIVER --pool POOL"));
    }

    /** Replaces the state (atomically); call while holding {@link #locked}. */
    public void write(PoolState state) {
        Path tmp = file.resolveSibling("." + FILE_NAME + ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), state);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the snapshot pool state " + file + ": " + e, e);
        }
    }

    /** Runs {@code work} holding the pool's lock (reentrant within a thread). */
    public <T> T locked(Supplier<T> work) {
        ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(),
                p -> new ReentrantLock());
        inProcess.lock();
        try {
            if (inProcess.getHoldCount() > 1) {
                return work.get();
            }
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                return work.get();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock the snapshot pool at " + lockFile + ": " + e, e);
            }
        } finally {
            inProcess.unlock();
        }
    }

    public void locked(Runnable work) {
        locked(() -> {
            work.run();
            return null;
        });
    }
}
