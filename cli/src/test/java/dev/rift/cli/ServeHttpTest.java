package dev.rift.cli;

import dev.rift.storage.cluster.FreePort;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** {@code rift serve --http HOST:PORT --http-token TOKEN}: the API next to the proxy, announced, and never open. */
@ExtendWith(UpstreamExtension.class)
class ServeHttpTest {
    private static TestUpstream pg;
    private static String db;

    @BeforeAll
    static void database(TestUpstream upstream) {
        pg = upstream;
        db = pg.createDatabase();
    }

    @AfterAll
    static void drop() {
        pg.dropDatabase(db);
    }

    @Test
    void servingTheApiBeyondLoopbackWithoutATokenIsRefusedBeforeTheProxyStarts() {
        int proxy = FreePort.find();
        Rift serve = Rift.run("serve", "--upstream", pg.url(db), "--listen", "127.0.0.1:" + proxy,
                "--http", "0.0.0.0:" + FreePort.find());
        assertEquals(1, serve.exitCode());
        assertTrue(serve.err().contains("without a token"), serve.err());
        assertTrue(FreePort.isFree(proxy), "nothing was started");
    }

    @Test
    void serveAnnouncesTheApiAndItAnswersWithTheToken() throws Exception {
        int proxy = FreePort.find();
        int http = FreePort.find();
        Path log = Files.createTempFile("rift-serve-http-", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ServeProcess.class.getName(),
                "--http-token", "serve-token", "serve", "--upstream", pg.url(db), "--listen", "127.0.0.1:" + proxy,
                "--http", "127.0.0.1:" + http);
        builder.environment().put("RIFT_HTTP_ALLOWED_HOSTS", "rift.internal,ci-rift");
        Process p = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log).contains("control API and dashboard on")) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    fail("rift serve did not start its API: " + Files.readString(log));
                }
                Thread.sleep(50); // polling the log: the child process tells us nothing else
            }
            assertTrue(Files.readString(log).contains("control API and dashboard on http://127.0.0.1:" + http
                    + "/ (bearer token required)"), Files.readString(log));
            HttpClient client = HttpClient.newHttpClient();
            URI branches = URI.create("http://127.0.0.1:" + http + "/api/branches");
            assertEquals(401, client.send(HttpRequest.newBuilder(branches).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpResponse<String> listed = client.send(HttpRequest.newBuilder(branches)
                    .header("Authorization", "Bearer serve-token").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, listed.statusCode(), listed.body());
            assertEquals("[]", listed.body());
            assertEquals(200, client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/healthz"))
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            // RIFT_HTTP_ALLOWED_HOSTS: the names it lists are served, other names are not (DNS rebinding).
            assertEquals(200, statusFor(http, "rift.internal:" + http));
            assertEquals(200, statusFor(http, "CI-Rift"));
            assertEquals(421, statusFor(http, "evil.example:" + http));
        } finally {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
            Files.deleteIfExists(log);
        }
    }

    /** The status of {@code GET /healthz} sent with this Host header, which java.net.http will not set. */
    private static int statusFor(int port, String host) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("GET /healthz HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String status = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).split("\r\n")[0];
            return Integer.parseInt(status.split(" ")[1]);
        }
    }
}
