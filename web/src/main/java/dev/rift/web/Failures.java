package dev.rift.web;

import dev.rift.cow.OverlayException;
import dev.rift.storage.catalog.CatalogException;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.sql.SQLException;
import java.util.Map;

/**
 * Maps what the engines throw to the API's errors (docs/http.md) by the SQLSTATE PostgreSQL would use:
 * 3D000 unknown branch (404), 42602 invalid name (400), 42710 existing branch (409), 2BP01 branch with children
 * (409), 0A000 unsupported (422), class 08 and 57P0x unreachable upstream (503). Anything else is a 500.
 */
public final class Failures {
    private Failures() {
    }

    public static ApiException of(Throwable t) {
        if (t instanceof ApiException api) {
            return api;
        }
        String state = sqlState(t);
        String message = t.getMessage() == null ? t.toString() : t.getMessage();
        if (state != null) {
            switch (state) {
                case "3D000":
                    return new ApiException(HttpResponseStatus.NOT_FOUND, "branch_not_found", message);
                case "42602":
                    return new ApiException(HttpResponseStatus.BAD_REQUEST, "invalid_name", message);
                case "42710":
                    return new ApiException(HttpResponseStatus.CONFLICT, "branch_exists", message);
                case "2BP01":
                    return new ApiException(HttpResponseStatus.CONFLICT, "has_children", message);
                case "0A000":
                    return new ApiException(HttpResponseStatus.UNPROCESSABLE_ENTITY, "unsupported", message);
                default:
                    if (state.startsWith("08") || state.startsWith("57P0")) {
                        return new ApiException(HttpResponseStatus.SERVICE_UNAVAILABLE, "upstream_unavailable",
                                message, Map.of(), t);
                    }
            }
        }
        return new ApiException(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", message, Map.of(), t);
    }

    /**
     * The first SQLSTATE along the cause chain, except that a connection failure (class 08) anywhere wins: a
     * wrapper reports its own state (XX000) for a cause that only says the upstream is gone.
     */
    private static String sqlState(Throwable t) {
        String first = null;
        for (Throwable c = t; c != null; c = c.getCause()) {
            String s = c instanceof OverlayException o ? o.sqlState()
                    : c instanceof CatalogException ce ? ce.sqlState()
                    : c instanceof SQLException se ? se.getSQLState() : null;
            if (s != null && s.startsWith("08")) {
                return s;
            }
            if (first == null) {
                first = s;
            }
        }
        return first;
    }
}
