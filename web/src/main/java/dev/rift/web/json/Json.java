package dev.rift.web.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON configuration of rift's documents: timestamps as ISO-8601 strings; {@link #PRETTY} for what the CLI
 * prints, {@link #COMPACT} for API answers.
 */
public final class Json {
    public static final ObjectMapper COMPACT = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    public static final ObjectMapper PRETTY = COMPACT.copy().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }
}
