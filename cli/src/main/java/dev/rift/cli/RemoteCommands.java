package dev.rift.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What create, delete and reset do with {@code rift --server URL}: the same request through the server's control
 * API, printed as the direct path prints it (times are the request's, as seen from here).
 */
final class RemoteCommands {
    private RemoteCommands() {
    }

    static int create(PrintWriter out, ApiClient server, String name, String from) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("parent", from);
        long start = System.nanoTime();
        JsonNode b = server.post("/api/branches", body);
        double millis = (System.nanoTime() - start) / 1e6;
        String connect = b.path("connect").asText();
        String user = connect.substring("postgres://".length(), connect.indexOf('@'));
        if ("snapshot".equals(b.path("mode").asText())) {
            out.printf("created branch %s from %s in %.1f ms (%s snapshot; its postmaster starts on first connection)%n",
                    b.path("name").asText(), b.path("parent").asText(), millis, b.path("driver").asText());
        } else {
            out.printf("created branch %s from %s in %.1f ms%n", b.path("name").asText(), from, millis);
        }
        out.printf("  connect: postgres://%s@<rift host>:6432/%s%n", user, b.path("name").asText());
        return 0;
    }

    static int delete(PrintWriter out, ApiClient server, String name, boolean force) {
        JsonNode answer = server.delete("/api/branches/" + ApiClient.encode(name) + (force ? "?force=true" : ""));
        List<String> deleted = new ArrayList<>();
        answer.path("deleted").forEach(d -> deleted.add(d.asText()));
        if ("snapshot".equals(answer.path("mode").asText())) {
            out.println("deleted " + name + " (postmaster stopped, clone destroyed)");
        } else {
            out.println("deleted " + String.join(", ", deleted));
        }
        return 0;
    }

    static int reset(PrintWriter out, ApiClient server, String name) {
        JsonNode answer = server.post("/api/branches/" + ApiClient.encode(name) + "/reset", Map.of());
        if ("snapshot".equals(answer.path("mode").asText())) {
            out.println("reset " + name + " to " + answer.path("parent").asText("?") + " as it is now");
        } else {
            out.printf("reset branch %s in %.1f ms (old layer dropped after %.1f ms)%n", name,
                    answer.path("visible_ms").asDouble(), answer.path("total_ms").asDouble());
        }
        return 0;
    }
}
