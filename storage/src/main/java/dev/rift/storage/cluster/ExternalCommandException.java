package dev.rift.storage.cluster;

import java.util.List;

/**
 * An external command failed: it exited non-zero, timed out, or could not be started. The message
 * carries the command line, the exit code and the tail of its stderr and stdout, so a failing test
 * or CLI run shows why without digging.
 */
public class ExternalCommandException extends RuntimeException {

    private final List<String> argv;
    private final int exitCode;
    private final String stdout;
    private final String stderr;
    private final boolean timedOut;

    public ExternalCommandException(String message, List<String> argv, int exitCode, String stdout,
                                    String stderr, boolean timedOut, Throwable cause) {
        super(message, cause);
        this.argv = List.copyOf(argv);
        this.exitCode = exitCode;
        this.stdout = stdout == null ? "" : stdout;
        this.stderr = stderr == null ? "" : stderr;
        this.timedOut = timedOut;
    }

    /** The command line as run (after any {@code runuser} wrapping). */
    public List<String> argv() {
        return argv;
    }

    /** The exit code, or -1 when the command timed out or never started. */
    public int exitCode() {
        return exitCode;
    }

    public String stdout() {
        return stdout;
    }

    public String stderr() {
        return stderr;
    }

    public boolean timedOut() {
        return timedOut;
    }
}
