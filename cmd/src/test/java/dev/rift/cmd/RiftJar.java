package dev.rift.cmd;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The assembled program, cmd/target/rift.jar, run as a user runs it: {@code java -jar rift.jar ...}. */
final class RiftJar {
    private RiftJar() {
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("rift.jar", "target/rift.jar")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: these tests run in the integration-test phase, "
                    + "after the package phase has assembled it");
        }
        return jar;
    }

    /** The repository's root: action.yml, Dockerfile. */
    static Path root() {
        return Path.of(System.getProperty("rift.root", "..")).toAbsolutePath().normalize();
    }

    /** {@code java -jar rift.jar} as one line, for the action's {@code rift} input. */
    static String commandLine() {
        return java() + " -jar " + jar();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    record Result(int exitCode, String out, String err) {
    }

    /** Runs a command to completion (rift diff, list, ...); RIFT_* of the test's environment are removed. */
    static Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Process p = builder(env, args).start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        return new Result(p.waitFor(), out, err);
    }

    /** Starts {@code rift serve} and waits until it accepts connections on 127.0.0.1:{@code port}. */
    static Process serve(Map<String, String> env, int port, Path log) throws Exception {
        Process p = builder(env, "serve").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!accepts(port)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("rift serve did not start listening: " + Files.readString(log));
            }
            p.waitFor(50, TimeUnit.MILLISECONDS); // the child tells us nothing but its port
        }
        return p;
    }

    static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            throw new IllegalStateException("probing port " + port + ": " + e, e);
        }
    }

    private static ProcessBuilder builder(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command);
        b.environment().keySet().removeIf(k -> k.startsWith("RIFT_"));
        b.environment().putAll(env);
        return b;
    }
}
