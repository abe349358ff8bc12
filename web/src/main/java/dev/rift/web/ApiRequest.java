package dev.rift.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rift.web.json.Json;
import io.netty.handler.codec.http.HttpMethod;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * One API request, decoded off the event loop's buffers: method, path, query parameters, the matched path's
 * parameters ({@code {name}}) and the body's bytes.
 */
public record ApiRequest(HttpMethod method, String path, Map<String, List<String>> query,
                         Map<String, String> pathParams, byte[] body) {

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    /** The query parameter's last value, or null. */
    public String query(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
    }

    /** A boolean query parameter: absent or {@code false} is false, {@code true} (or empty: {@code ?force}) is true. */
    public boolean flag(String name) {
        String v = query(name);
        if (v == null || v.equals("false")) {
            return false;
        }
        if (v.isEmpty() || v.equals("true")) {
            return true;
        }
        throw ApiException.invalidRequest("query parameter " + name + " must be true or false, got \"" + v + "\"");
    }

    /** The body as a JSON object: 400 when it is empty, not JSON, or not an object. */
    public ObjectNode jsonObject() {
        if (body.length == 0) {
            throw ApiException.invalidRequest("a JSON object body is required");
        }
        JsonNode node;
        try {
            node = Json.COMPACT.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.invalidRequest("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.invalidRequest("the body is not valid JSON: " + e.getMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.invalidRequest("the body must be a JSON object");
        }
        return object;
    }

    ApiRequest withPathParams(Map<String, String> params) {
        return new ApiRequest(method, path, query, Map.copyOf(params), body);
    }
}
