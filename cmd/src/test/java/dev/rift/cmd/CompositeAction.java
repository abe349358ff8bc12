package dev.rift.cmd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A composite GitHub Action (action.yml) run the way the GitHub runner runs one, outside GitHub: each {@code run:}
 * step's script, with the {@code ${{ }}} expressions it uses substituted, executed by its {@code shell} with
 * GITHUB_OUTPUT (one file per step, read back into {@code steps.ID.outputs}) and GITHUB_STEP_SUMMARY pointed at
 * temporary files; then the action's {@code outputs:} evaluated. {@code uses:} steps cannot run here: their
 * {@code if:} must be false for the inputs given. An expression this class does not know fails the run, so a change
 * to action.yml that the test cannot follow shows up as a failure, never as a silently skipped step.
 */
final class CompositeAction {
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*(.+?)\\s*}}");
    private static final Pattern INPUT_EQUALS = Pattern.compile("inputs\\.([\\w-]+) == '([^']*)'");

    private final Path directory;
    private final JsonNode action;

    private CompositeAction(Path directory, JsonNode action) {
        this.directory = directory;
        this.action = action;
    }

    static CompositeAction load(Path directory) throws IOException {
        JsonNode action = new ObjectMapper(new YAMLFactory()).readTree(directory.resolve("action.yml").toFile());
        if (!"composite".equals(action.path("runs").path("using").asText())) {
            throw new IllegalStateException("not a composite action: " + action.path("runs"));
        }
        return new CompositeAction(directory, action);
    }

    /** What one run of the action left: its exit status, everything it printed, its outputs and job summary. */
    record Run(int exitCode, String log, Map<String, String> outputs, String summary) {
    }

    /**
     * @param inputs the {@code with:} of the calling workflow step
     * @param prNumber {@code github.event.pull_request.number}, or null outside a pull_request event
     */
    Run run(Map<String, String> inputs, String prNumber) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("rift-action-");
        Path summary = work.resolve("step-summary.md");
        Files.createFile(summary);
        Map<String, String> resolvedInputs = inputsWithDefaults(inputs);
        Context context = new Context(resolvedInputs, prNumber, directory, new HashMap<>());
        StringBuilder log = new StringBuilder();
        int n = 0;
        for (JsonNode step : action.path("runs").path("steps")) {
            n++;
            if (step.has("uses")) {
                if (condition(step, context)) {
                    throw new IllegalStateException("step " + n + " (" + step.path("uses").asText()
                            + ") would run on GitHub but cannot run here: give inputs that skip it");
                }
                continue;
            }
            if (step.has("if")) {
                throw new IllegalStateException("step " + n + ": conditions on run steps are not supported here");
            }
            if (!"bash".equals(step.path("shell").asText())) {
                throw new IllegalStateException("step " + n + ": shell " + step.path("shell") + " is not supported here");
            }
            Path script = work.resolve("step-" + n + ".sh");
            Files.writeString(script, context.substitute(step.path("run").asText()));
            Path output = work.resolve("step-" + n + ".output");
            Files.createFile(output);
            ProcessBuilder b = new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail", script.toString())
                    .redirectErrorStream(true).directory(work.toFile());
            Map<String, String> env = b.environment();
            env.keySet().removeIf(k -> k.startsWith("RIFT_") || k.startsWith("GITHUB_"));
            env.put("GITHUB_OUTPUT", output.toString());
            env.put("GITHUB_STEP_SUMMARY", summary.toString());
            env.put("GITHUB_ACTION_PATH", directory.toString());
            env.put("RUNNER_TEMP", work.toString());
            step.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), context.substitute(e.getValue().asText())));
            Process p = b.start();
            log.append(new String(p.getInputStream().readAllBytes()));
            int code = p.waitFor();
            if (step.has("id")) {
                context.steps().put(step.path("id").asText(), readOutputs(output));
            }
            if (code != 0) {
                return new Run(code, log.toString(), Map.of(), Files.readString(summary));
            }
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        action.path("outputs").fields().forEachRemaining(e ->
                outputs.put(e.getKey(), context.substitute(e.getValue().path("value").asText())));
        return new Run(0, log.toString(), outputs, Files.readString(summary));
    }

    private Map<String, String> inputsWithDefaults(Map<String, String> given) {
        Map<String, String> inputs = new HashMap<>();
        action.path("inputs").fields().forEachRemaining(e -> {
            if (given.containsKey(e.getKey())) {
                inputs.put(e.getKey(), given.get(e.getKey()));
            } else if (e.getValue().path("required").asBoolean(false)) {
                throw new IllegalArgumentException("required input " + e.getKey() + " not given");
            } else {
                inputs.put(e.getKey(), e.getValue().path("default").asText(""));
            }
        });
        given.keySet().stream().filter(k -> !inputs.containsKey(k)).findAny().ifPresent(k -> {
            throw new IllegalArgumentException("action.yml has no input " + k); // GitHub warns; a test should fail
        });
        return inputs;
    }

    private static boolean condition(JsonNode step, Context context) {
        if (!step.has("if")) {
            return true;
        }
        Matcher m = INPUT_EQUALS.matcher(step.path("if").asText().trim());
        if (!m.matches()) {
            throw new IllegalStateException("condition not supported here: " + step.path("if").asText());
        }
        return context.inputs().get(m.group(1)).equals(m.group(2));
    }

    /** GITHUB_OUTPUT's two forms: {@code name=value} and {@code name<<DELIMITER}, lines, {@code DELIMITER}. */
    private static Map<String, String> readOutputs(Path file) throws IOException {
        Map<String, String> outputs = new HashMap<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int heredoc = line.indexOf("<<");
            int eq = line.indexOf('=');
            if (heredoc > 0 && (eq < 0 || heredoc < eq)) {
                String delimiter = line.substring(heredoc + 2);
                List<String> value = new ArrayList<>();
                while (!lines.get(++i).equals(delimiter)) {
                    value.add(lines.get(i));
                }
                outputs.put(line.substring(0, heredoc), String.join("\n", value));
            } else if (eq > 0) {
                outputs.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return outputs;
    }

    /** The expression contexts the action may use, and nothing else. */
    private record Context(Map<String, String> inputs, String prNumber, Path actionPath,
                           Map<String, Map<String, String>> steps) {
        String substitute(String text) {
            Matcher m = EXPRESSION.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(evaluate(m.group(1))));
            }
            return m.appendTail(out).toString();
        }

        private String evaluate(String expression) {
            String[] parts = expression.split("\\.");
            if (parts.length == 2 && parts[0].equals("inputs")) {
                String value = inputs.get(parts[1]);
                if (value == null) {
                    throw new IllegalStateException("action.yml uses undeclared input " + parts[1]);
                }
                return value;
            }
            if (expression.equals("github.action_path")) {
                return actionPath.toString();
            }
            if (expression.equals("github.event.pull_request.number")) {
                return prNumber == null ? "" : prNumber;
            }
            if (parts.length == 4 && parts[0].equals("steps") && parts[2].equals("outputs")) {
                Map<String, String> outputs = steps.get(parts[1]);
                if (outputs == null) {
                    throw new IllegalStateException("action.yml reads outputs of step " + parts[1]
                            + ", which has not run (or has no such id)");
                }
                return outputs.getOrDefault(parts[3], "");
            }
            throw new IllegalStateException("expression not supported by this test: ${{ " + expression + " }}");
        }
    }
}
