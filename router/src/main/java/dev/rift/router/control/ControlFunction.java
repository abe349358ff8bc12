package dev.rift.router.control;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A function of database {@code rift}: its parameters in order (trailing ones optional, default NULL or false), its
 * result columns, and its body, which streams result rows.
 */
record ControlFunction(String name, List<Parameter> parameters, List<Column> columns, Body body) {

    enum ParameterType {
        TEXT(25), BOOL(16);

        final int oid;

        ParameterType(int oid) {
            this.oid = oid;
        }
    }

    record Parameter(String name, ParameterType type, boolean required) {
        static Parameter required(String name) {
            return new Parameter(name, ParameterType.TEXT, true);
        }

        static Parameter optional(String name) {
            return new Parameter(name, ParameterType.TEXT, false);
        }

        static Parameter flag(String name) {
            return new Parameter(name, ParameterType.BOOL, false);
        }
    }

    /** Refuses NULL for a required parameter, as the engine needs a value for each. */
    void checkRequired(Arguments args) {
        for (int i = 0; i < parameters.size(); i++) {
            if (parameters.get(i).required() && args.values().get(i) == null) {
                throw new ControlError("22004", "null value not allowed for parameter \"" + parameters.get(i).name()
                        + "\" of rift." + name);
            }
        }
    }

    /** Runs the call with its arguments bound (defaults applied); returns the number of rows it sent. */
    @FunctionalInterface
    interface Body {
        long run(Arguments args, RowSink rows) throws Exception;
    }

    /** Where a body sends its rows, one value per column (String, Long, Boolean, OffsetDateTime or null). */
    @FunctionalInterface
    interface RowSink {
        void row(Object... values);
    }

    /** The bound arguments, by parameter position, and the role the client logged in as. */
    record Arguments(List<Object> values, String role) {
        String text(int i) {
            return (String) values.get(i);
        }

        boolean flag(int i) {
            return Boolean.TRUE.equals(values.get(i));
        }
    }

    ControlFunction {
        parameters = List.copyOf(parameters);
        columns = List.copyOf(columns);
    }

    /** As PostgreSQL's {@code \df} would show it: {@code rift.diff(branch text, against text DEFAULT NULL)}. */
    String signature() {
        return "rift." + name + "(" + parameters.stream()
                .map(p -> p.name() + " " + (p.type() == ParameterType.BOOL ? "boolean" : "text")
                        + (p.required() ? "" : p.type() == ParameterType.BOOL ? " DEFAULT false" : " DEFAULT NULL"))
                .collect(Collectors.joining(", ")) + ")";
    }
}
