package dev.rift.web;

/** One method on one path of the API. Runs off the event loop; may block. */
@FunctionalInterface
public interface Endpoint {
    ApiResponse handle(ApiRequest request) throws Exception;
}
