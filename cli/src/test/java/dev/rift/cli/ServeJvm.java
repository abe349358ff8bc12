package dev.rift.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code rift serve} in a JVM of its own, configured as a container configures it: by environment variables
 * (every RIFT_* variable of the test's own environment is removed first), so a test can signal it and read its
 * exit status.
 */
final class ServeJvm implements AutoCloseable {
    private final Process process;
    private final Path log;

    private ServeJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ServeJvm start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ServeProcess.class.getName(), "serve"));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("rift-serve-", ".log");
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        b.environment().keySet().removeIf(k -> k.startsWith("RIFT_"));
        b.environment().putAll(env);
        b.environment().putIfAbsent("RIFT_HTTP", "off"); // the control API's default port is not the test's
        return new ServeJvm(b.start(), log);
    }

    Process process() {
        return process;
    }

    /** Waits until the process accepts connections on {@code port}; fails if it exits or takes over a minute. */
    ServeJvm awaitListening(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!accepts(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                fail("rift serve did not start listening on " + port + ": " + output());
            }
            process.waitFor(50, TimeUnit.MILLISECONDS); // the child tells us nothing but its port
        }
        return this;
    }

    /** The exit status, waiting up to {@code timeout}; fails if the process is still running then. */
    int awaitExit(Duration timeout) throws Exception {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("rift serve still running after " + timeout + ": " + output());
        }
        return process.exitValue();
    }

    /** Sends SIGTERM, as {@code docker stop} and CI runners do. */
    void terminate() throws Exception {
        Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            fail("kill -TERM " + process.pid() + " failed");
        }
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    /** What a TCP connection attempt to 127.0.0.1:{@code port} meets. */
    enum Probe {
        ACCEPTED,
        REFUSED,
        /** Accepted by the kernel, then reset: the listening socket closed meanwhile. */
        RESET
    }

    static Probe probe(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return Probe.ACCEPTED;
        } catch (ConnectException e) {
            return Probe.REFUSED;
        } catch (SocketException e) {
            return Probe.RESET;
        } catch (IOException e) {
            throw new IllegalStateException("probing port " + port + ": " + e, e);
        }
    }

    static boolean accepts(int port) {
        return probe(port) == Probe.ACCEPTED;
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Files.deleteIfExists(log);
    }
}
