package dev.rift.storage.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One external program invocation: an argument list (never a shell string), optional environment
 * changes, working directory, stdin text and timeout. Immutable; the {@code with}-style methods
 * return copies, so a configured command can be reused.
 *
 * <p>stdout and stderr are captured through temporary files rather than pipes, so a program that
 * leaves a daemon behind holding its output (as {@code pg_ctl start} may) cannot hang the caller.
 * Every run is logged at debug level with its command line (never the environment, which may hold
 * passwords).
 *
 * <pre>{@code
 * ExternalCommand.Result r = ExternalCommand.of("pg_ctl", "-D", dir.toString(), "status")
 *         .asUser("postgres")
 *         .timeout(Duration.ofSeconds(10))
 *         .runAllowingFailure();
 * }</pre>
 */
public final class ExternalCommand {

    private static final Logger log = LoggerFactory.getLogger(ExternalCommand.class);

    /** Timeout used when none is set. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    /** How many trailing lines of stdout/stderr go into an exception message. */
    private static final int MESSAGE_TAIL_LINES = 40;

    private static final Pattern SAFE_ARG = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private static volatile Boolean root;

    private final List<String> argv;
    private final Map<String, String> env;
    private final Set<String> unsetEnv;
    private final Path directory;
    private final Duration timeout;
    private final String stdin;

    private ExternalCommand(List<String> argv, Map<String, String> env, Set<String> unsetEnv, Path directory,
                            Duration timeout, String stdin) {
        this.argv = List.copyOf(argv);
        this.env = Map.copyOf(env);
        this.unsetEnv = Set.copyOf(unsetEnv);
        this.directory = directory;
        this.timeout = timeout;
        this.stdin = stdin;
    }

    public static ExternalCommand of(String... argv) {
        return of(List.of(argv));
    }

    public static ExternalCommand of(List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        for (String a : argv) {
            Objects.requireNonNull(a, "command argument");
        }
        return new ExternalCommand(argv, Map.of(), Set.of(), null, DEFAULT_TIMEOUT, null);
    }

    /** Sets (or overrides) an environment variable for the child. */
    public ExternalCommand env(String name, String value) {
        Map<String, String> e = new LinkedHashMap<>(env);
        e.put(name, value);
        Set<String> u = new LinkedHashSet<>(unsetEnv);
        u.remove(name);
        return new ExternalCommand(argv, e, u, directory, timeout, stdin);
    }

    /** Removes an inherited environment variable from the child's environment. */
    public ExternalCommand withoutEnv(String name) {
        Map<String, String> e = new LinkedHashMap<>(env);
        e.remove(name);
        Set<String> u = new LinkedHashSet<>(unsetEnv);
        u.add(name);
        return new ExternalCommand(argv, e, u, directory, timeout, stdin);
    }

    /** The child's working directory (default: the JVM's). */
    public ExternalCommand directory(Path dir) {
        return new ExternalCommand(argv, env, unsetEnv, dir, timeout, stdin);
    }

    public ExternalCommand timeout(Duration t) {
        if (t.isNegative() || t.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + t);
        }
        return new ExternalCommand(argv, env, unsetEnv, directory, t, stdin);
    }

    /** Text written to the child's stdin (UTF-8); by default stdin is closed at once. */
    public ExternalCommand stdin(String text) {
        return new ExternalCommand(argv, env, unsetEnv, directory, timeout, text);
    }

    /**
     * The same command run as another OS user, which requires the JVM to run as root: wraps it in
     * {@code runuser -u USER -- argv...}, or, where runuser is missing, {@code su USER -s /bin/sh -c
     * 'quoted argv'}. The environment changes still apply (runuser and su keep the environment apart
     * from HOME, SHELL, USER and LOGNAME). Mind the working directory: the target user must be able
     * to enter it (e.g. {@code /root} is not), so set {@link #directory(Path)} to somewhere it can.
     */
    public ExternalCommand asUser(String user) {
        if (user == null || user.isBlank() || user.startsWith("-")) {
            throw new IllegalArgumentException("invalid user name: " + user);
        }
        List<String> wrapped = new ArrayList<>();
        Path runuser = findOnPath("runuser");
        if (runuser == null) {
            for (String candidate : List.of("/usr/sbin/runuser", "/sbin/runuser")) {
                if (Files.isExecutable(Path.of(candidate))) {
                    runuser = Path.of(candidate);
                    break;
                }
            }
        }
        if (runuser != null) {
            wrapped.add(runuser.toString());
            wrapped.add("-u");
            wrapped.add(user);
            wrapped.add("--");
            wrapped.addAll(argv);
        } else {
            wrapped.add("su");
            wrapped.add(user);
            wrapped.add("-s");
            wrapped.add("/bin/sh");
            wrapped.add("-c");
            wrapped.add("exec " + shellQuote(argv));
        }
        return new ExternalCommand(wrapped, env, unsetEnv, directory, timeout, stdin);
    }

    public List<String> argv() {
        return argv;
    }

    public Duration timeout() {
        return timeout;
    }

    /** The command line for display: arguments shell-quoted where needed. */
    public String commandLine() {
        return shellQuote(argv);
    }

    /** Runs the command; throws {@link ExternalCommandException} unless it exits 0 in time. */
    public Result run() {
        Result r = runAllowingFailure();
        if (r.exitCode() != 0) {
            throw new ExternalCommandException(
                    "command failed (exit " + r.exitCode() + ") after " + seconds(r.elapsed()) + ": "
                            + commandLine() + outputForMessage(r.stdout(), r.stderr()),
                    argv, r.exitCode(), r.stdout(), r.stderr(), false, null);
        }
        return r;
    }

    /**
     * Runs the command and returns its result whatever the exit code. Still throws
     * {@link ExternalCommandException} if it cannot be started or does not finish in time (the
     * process and its descendants are then killed).
     */
    public Result runAllowingFailure() {
        log.debug("run: {}", commandLine());
        long start = System.nanoTime();
        Path out = null;
        Path err = null;
        Process p = null;
        try {
            out = Files.createTempFile("rift-cmd-", ".out");
            err = Files.createTempFile("rift-cmd-", ".err");
            ProcessBuilder pb = new ProcessBuilder(argv)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            if (directory != null) {
                pb.directory(directory.toFile());
            }
            Map<String, String> childEnv = pb.environment();
            unsetEnv.forEach(childEnv::remove);
            childEnv.putAll(env);
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new ExternalCommandException("cannot start " + commandLine() + ": " + e.getMessage(),
                        argv, -1, "", "", false, e);
            }
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // The child closed stdin early; its exit code will tell.
                log.debug("writing stdin of {} failed: {}", argv.get(0), e.toString());
            }
            boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                killTree(p);
                String o = read(out);
                String e = read(err);
                throw new ExternalCommandException("command timed out after " + seconds(timeout) + ": "
                        + commandLine() + outputForMessage(o, e), argv, -1, o, e, true, null);
            }
            Result r = new Result(argv, p.exitValue(), read(out), read(err), Duration.ofNanos(System.nanoTime() - start));
            log.debug("exit {} after {}: {}", r.exitCode(), seconds(r.elapsed()), argv.get(0));
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (p != null) {
                killTree(p);
            }
            throw new ExternalCommandException("interrupted while running " + commandLine(), argv, -1, "", "",
                    false, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot capture output of " + commandLine(), e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /** What a finished command produced. */
    public record Result(List<String> argv, int exitCode, String stdout, String stderr, Duration elapsed) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    // ---------------------------------------------------------------- helpers shared with callers

    /** Whether this JVM runs as uid 0. */
    public static boolean runningAsRoot() {
        Boolean r = root;
        if (r == null) {
            r = detectRoot();
            root = r;
        }
        return r;
    }

    private static boolean detectRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (Throwable t) { // NoClassDefFoundError, UnsatisfiedLinkError on odd platforms
            try {
                Result r = of("id", "-u").timeout(Duration.ofSeconds(10)).runAllowingFailure();
                return r.succeeded() && r.stdout().trim().equals("0");
            } catch (RuntimeException e) {
                return false;
            }
        }
    }

    /** The first executable named {@code name} on {@code $PATH}, or null. */
    public static Path findOnPath(String name) {
        return findOnPath(name, System.getenv("PATH"));
    }

    /** The first executable named {@code name} on the given PATH string, or null. */
    public static Path findOnPath(String name, String path) {
        if (path == null || path.isEmpty()) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** The last {@code lines} lines of {@code text} (at most ~8000 characters). */
    public static String tail(String text, int lines) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String t = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        int idx = t.length();
        for (int i = 0; i < lines && idx > 0; i++) {
            idx = t.lastIndexOf('\n', idx - 1);
            if (idx < 0) {
                idx = 0;
                break;
            }
        }
        String result = idx == 0 ? t : t.substring(idx + 1);
        if (result.length() > 8000) {
            result = "..." + result.substring(result.length() - 8000);
        }
        return result;
    }

    /** POSIX-shell quoting of an argument list, for display and for the {@code su -c} fallback. */
    static String shellQuote(List<String> args) {
        StringBuilder b = new StringBuilder();
        for (String a : args) {
            if (b.length() > 0) {
                b.append(' ');
            }
            if (!a.isEmpty() && SAFE_ARG.matcher(a).matches()) {
                b.append(a);
            } else {
                b.append('\'').append(a.replace("'", "'\\''")).append('\'');
            }
        }
        return b.toString();
    }

    private static String outputForMessage(String stdout, String stderr) {
        StringBuilder b = new StringBuilder();
        if (!stderr.isBlank()) {
            b.append("\n--- stderr ---\n").append(tail(stderr, MESSAGE_TAIL_LINES));
        }
        if (!stdout.isBlank()) {
            b.append("\n--- stdout ---\n").append(tail(stdout, MESSAGE_TAIL_LINES));
        }
        if (b.length() == 0) {
            b.append(" (no output)");
        }
        return b.toString();
    }

    private static void killTree(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // temp file; nothing useful to do
            }
        }
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    @Override
    public String toString() {
        return commandLine();
    }
}
