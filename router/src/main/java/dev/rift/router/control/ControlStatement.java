package dev.rift.router.control;

import java.util.List;

/** One statement a client sent to database {@code rift}, as rift answers it. */
sealed interface ControlStatement {

    /**
     * A call of one of rift's functions; {@code arguments} by parameter position, null where the default applies;
     * {@code projection} the positions of the function's columns the client selected, in its order.
     */
    record Call(ControlFunction function, List<Argument> arguments, List<Column> columns, int[] projection)
            implements ControlStatement {
        public Call {
            arguments = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(arguments));
            columns = List.copyOf(columns);
        }

        /** The selected values of one row of the function. */
        Object[] project(Object[] row) {
            Object[] out = new Object[projection.length];
            for (int i = 0; i < projection.length; i++) {
                out[i] = row[projection[i]];
            }
            return out;
        }

        /** The highest {@code $n} the call uses (0: none). */
        int parameterCount() {
            return arguments.stream().mapToInt(a -> a instanceof Argument.Placeholder p ? p.index() : 0).max().orElse(0);
        }

        /** The type of {@code $n}, from the parameter it is passed to (text when unused). */
        ControlFunction.ParameterType placeholderType(int n) {
            for (int i = 0; i < arguments.size(); i++) {
                if (arguments.get(i) instanceof Argument.Placeholder p && p.index() == n) {
                    return function.parameters().get(i).type();
                }
            }
            return ControlFunction.ParameterType.TEXT;
        }
    }

    /** SET or RESET: accepted and ignored, since nothing on database {@code rift} reads a setting. */
    record Setting(String tag) implements ControlStatement {}

    /** A statement of only whitespace or comments: PostgreSQL answers EmptyQueryResponse. */
    record Empty() implements ControlStatement {}

    /** {@code SELECT 1}-style probes of connection pools and health checks: literal values, no table. */
    record Constants(List<Column> columns, List<Object> values) implements ControlStatement {}

    /** An argument of a call. */
    sealed interface Argument {
        /** A literal: a String, a Boolean, or null. */
        record Literal(Object value) implements Argument {}

        /** A parameter {@code $n} of the extended protocol, bound later. */
        record Placeholder(int index) implements Argument {}
    }
}
