package dev.rift.router.control;

import java.util.List;
import java.util.Map;

/**
 * The JSON the functions return: objects of column name to PostgreSQL's text output of the value (or null), as
 * {@code rift diff --format json} writes them. Small enough not to need a JSON library in the proxy.
 */
final class JsonText {
    private JsonText() {}

    /** {@code {"col": "value", ...}} in the map's order; null for a null map (no row). */
    static String object(Map<String, String> values) {
        if (values == null) {
            return null;
        }
        StringBuilder b = new StringBuilder("{");
        values.forEach((k, v) -> {
            if (b.length() > 1) {
                b.append(", ");
            }
            string(b, k).append(": ");
            if (v == null) {
                b.append("null");
            } else {
                string(b, v);
            }
        });
        return b.append('}').toString();
    }

    /** The key columns paired with their values, in key order. */
    static String key(List<String> columns, List<String> values) {
        Map<String, String> key = new java.util.LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            key.put(columns.get(i), values.get(i));
        }
        return object(key);
    }

    static String array(List<String> values) {
        StringBuilder b = new StringBuilder("[");
        for (String v : values) {
            if (b.length() > 1) {
                b.append(", ");
            }
            string(b, v);
        }
        return b.append(']').toString();
    }

    /** A raw member list ({@code "k": <json>}), for nested objects. */
    static String objectOfJson(Map<String, String> members) {
        StringBuilder b = new StringBuilder("{");
        members.forEach((k, json) -> {
            if (b.length() > 1) {
                b.append(", ");
            }
            string(b, k).append(": ").append(json);
        });
        return b.append('}').toString();
    }

    static StringBuilder string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }
}
