package dev.rift.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rift.router.session.BranchSessions;
import dev.rift.storage.BranchName;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The endpoints of docs/http.md over one {@link BranchService}; add more to the returned {@link Routes}. */
public final class ApiRoutes {
    private static final String BRANCH = "/api/branches/{name}";

    private final BranchService branches;

    private ApiRoutes(BranchService branches) {
        this.branches = branches;
    }

    public static Routes of(BranchService branches) {
        ApiRoutes api = new ApiRoutes(branches);
        return new Routes()
                .add(HttpMethod.GET, "/healthz", true, r -> api.health())
                .add(HttpMethod.GET, "/api/branches", false, r -> ApiResponse.json(branches.list()))
                .add(HttpMethod.POST, "/api/branches", false, api::create)
                .add(HttpMethod.GET, BRANCH, false, r -> ApiResponse.json(branches.get(name(r, "name"))))
                .add(HttpMethod.DELETE, BRANCH, false,
                        r -> ApiResponse.json(branches.delete(name(r, "name"), r.flag("force"))))
                .add(HttpMethod.POST, BRANCH + "/reset", false, r -> ApiResponse.json(branches.reset(name(r, "name"))))
                .add(HttpMethod.GET, BRANCH + "/diff", false, api::diff)
                .add(HttpMethod.GET, BRANCH + "/schema-diff", false,
                        r -> ApiResponse.json(branches.schemaDiff(name(r, "name"), against(r))))
                .add(HttpMethod.GET, "/api/stats", false, r -> api.stats())
                .add(HttpMethod.GET, "/metrics", false,
                        r -> ApiResponse.text(branches.metrics().contentType(), branches.metrics().scrape()));
    }

    private ApiResponse health() {
        BranchService.Health h = branches.health();
        return ApiResponse.json(h.ok() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, h.body(),
                Map.of());
    }

    private ApiResponse create(ApiRequest r) {
        ObjectNode body = r.jsonObject();
        String name = text(body, "name", true);
        String parent = text(body, "parent", false);
        checkName(name);
        if (parent != null) {
            checkName(parent);
        }
        Map<String, Object> created = branches.create(name, parent == null ? "main" : parent);
        return ApiResponse.json(HttpResponseStatus.CREATED, created, Map.of("Location", "/api/branches/" + name));
    }

    private ApiResponse diff(ApiRequest r) {
        boolean stat = r.flag("stat");
        DiffStream diff = branches.diff(name(r, "name"), against(r));
        return ApiResponse.streamed(Responses.JSON, new ApiResponse.StreamedBody() {
            @Override
            public void writeTo(OutputStream out) throws Exception {
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                diff.writeTo(w, stat);
                w.write('\n'); // as rift diff --format json prints it
                w.flush();
            }

            @Override
            public void close() {
                diff.close();
            }
        });
    }

    /** Every branch object with its open sessions and last activity, and the sessions open on the proxy in all. */
    private ApiResponse stats() {
        BranchSessions sessions = branches.sessions();
        List<Map<String, Object>> stats = new ArrayList<>();
        for (Map<String, Object> b : branches.list()) {
            Map<String, Object> s = new LinkedHashMap<>(b);
            String name = (String) b.get("name");
            s.put("connections", sessions.count(name));
            s.put("last_activity", sessions.lastActivity(name).map(Object::toString).orElse(null));
            stats.add(s);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("branches", stats);
        doc.put("connections", sessions.total());
        doc.put("proxy", branches.proxy());
        return ApiResponse.json(doc);
    }

    private static String against(ApiRequest r) {
        String against = r.query("against");
        if (against != null) {
            checkName(against);
        }
        return against;
    }

    private static String name(ApiRequest r, String param) {
        String name = r.pathParam(param);
        checkName(name);
        return name;
    }

    private static void checkName(String name) {
        if (!BranchName.isValid(name)) {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, "invalid_name", "invalid branch name \"" + name
                    + "\": use 1 to 63 lowercase letters, digits, '_' or '-', starting with a letter or digit");
        }
    }

    private static String text(ObjectNode body, String field, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw ApiException.invalidRequest("field \"" + field + "\" is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.invalidRequest("field \"" + field + "\" must be a string");
        }
        return v.textValue();
    }
}
