package dev.rift.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rift.router.ProxyConfig;
import dev.rift.router.RiftServer;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.web.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * A RiftServer over a fresh database of the test upstream, with the control API in front of it, both on free
 * ports; requests as a client of the API sends them.
 */
final class RunningApi implements AutoCloseable {
    final TestUpstream pg;
    final String db;
    final RiftServer rift;
    final HttpApiServer api;
    private final String token;
    private final HttpClient http = HttpClient.newHttpClient();

    /** The answer to one request: status, headers, body as text. */
    record Answer(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return Json.COMPACT.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String errorCode() {
            return json().path("error").path("code").asText();
        }
    }

    private RunningApi(TestUpstream pg, String db, String token) throws Exception {
        this.pg = pg;
        this.db = db;
        this.token = token;
        this.rift = RiftServer.start(ProxyConfig.of("127.0.0.1", 0, UpstreamUrl.parse(pg.url(db))));
        try {
            this.api = HttpApiServer.start(new HttpApiConfig("127.0.0.1", 0, token),
                    ApiRoutes.of(new OverlayBranches(rift, UpstreamUrl.parse(pg.url(db)))));
        } catch (RuntimeException e) {
            rift.close();
            throw e;
        }
    }

    /** The API over a new database made by {@code schema}, without a token. */
    static RunningApi start(TestUpstream pg, String... schema) throws Exception {
        return withToken(pg, null, schema);
    }

    static RunningApi withToken(TestUpstream pg, String token, String... schema) throws Exception {
        String db = pg.createDatabase();
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            for (String sql : schema) {
                st.execute(sql);
            }
        }
        return new RunningApi(pg, db, token);
    }

    Answer get(String path) throws Exception {
        return send(request(path).GET());
    }

    Answer post(String path, String body) throws Exception {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer delete(String path) throws Exception {
        return send(request(path).DELETE());
    }

    Answer send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.headers(), r.body());
    }

    /**
     * A request written byte for byte ({@code Connection: close} added), for what java.net.http will not send: a
     * foreign {@code Host}, none at all. {@code headers} are whole lines without their CRLF.
     */
    Answer raw(String method, String path, String body, String... headers) throws IOException {
        return raw(api.port(), method, path, body, headers);
    }

    static Answer raw(int port, String method, String path, String body, String... headers) throws IOException {
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        for (String h : headers) {
            request.append(h).append("\r\n");
        }
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            request.append("Content-Length: ").append(content.length).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.write(content);
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = answer.indexOf("\r\n\r\n");
            String[] lines = answer.substring(0, end).split("\r\n");
            Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                fields.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
            return new Answer(Integer.parseInt(lines[0].split(" ")[1]), HttpHeaders.of(fields, (k, v) -> true),
                    answer.substring(end + 4));
        }
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    int proxyPort() {
        return rift.port();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + api.port();
    }

    /** A session on {@code branch} through the proxy. */
    Connection connect(String branch) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        p.setProperty("password", pg.password());
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + rift.port() + "/" + branch, p);
    }

    void execute(String branch, String... sql) throws SQLException {
        try (Connection c = connect(branch); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    @Override
    public void close() {
        try {
            api.close();
            rift.close();
        } finally {
            pg.dropDatabase(db);
        }
    }
}
