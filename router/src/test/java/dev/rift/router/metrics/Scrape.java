package dev.rift.router.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * One scrape in Prometheus' text exposition format, parsed the way Prometheus reads it: one sample per line,
 * {@code name{label="value",...} number}, comments skipped; samples are found by name and labels in any order.
 */
final class Scrape {
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    private record Series(String name, Map<String, String> labels) {}

    private final Map<Series, Double> samples = new HashMap<>();
    private final String text;

    Scrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                fail("not a sample line of the text format: " + line);
            }
            Map<String, String> labels = new HashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                int at = 0;
                while (l.find() && l.start() == at) {
                    labels.put(l.group(1), l.group(2));
                    at = l.end();
                }
                if (at != m.group(2).length()) {
                    fail("malformed labels: " + line);
                }
            }
            samples.put(new Series(m.group(1), labels), Double.parseDouble(m.group(3)));
        }
    }

    /** The sample of {@code name} with exactly these labels ({@code "label", "value", ...}), if present. */
    Optional<Double> find(String name, String... labelPairs) {
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            labels.put(labelPairs[i], labelPairs[i + 1]);
        }
        return Optional.ofNullable(samples.get(new Series(name, labels)));
    }

    /** The sample's value; fails when there is no such series, so a misspelt name cannot pass as 0. */
    double value(String name, String... labelPairs) {
        return find(name, labelPairs).orElseGet(() -> fail("no sample " + name + " " + String.join(",", labelPairs)
                + " in:\n" + text));
    }

    /** A line starting {@code # TYPE name}, as the text format declares each metric family's type. */
    String type(String family) {
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE " + family + " ")) {
                return line.substring(("# TYPE " + family + " ").length());
            }
        }
        return fail("no TYPE line for " + family + " in:\n" + text);
    }

    @Override
    public String toString() {
        return text;
    }
}
