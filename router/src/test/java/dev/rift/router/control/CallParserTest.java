package dev.rift.router.control;

import dev.rift.router.control.ControlFunction.Parameter;
import dev.rift.router.control.ControlStatement.Argument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** How statements on database rift are read: which calls bind which arguments, and what is refused with which SQLSTATE. */
class CallParserTest {
    private static final ControlFunction MERGE = new ControlFunction("merge",
            List.of(Parameter.required("branch"), Parameter.optional("target"), Parameter.optional("strategy"),
                    Parameter.flag("confirm")),
            List.of(Column.text("outcome"), Column.int8("inserted")), (args, rows) -> 0);
    private static final CallParser PARSER = new CallParser(Map.of("merge", MERGE));

    @Test
    void positionalAndNamedArgumentsBindToTheirParametersAndTheRestDefault() {
        ControlStatement.Call call = (ControlStatement.Call) PARSER.parse(
                "SELECT * FROM rift.merge('pr-42', confirm => 'yes', strategy => NULL);");
        assertEquals(Arrays.asList(new Argument.Literal("pr-42"), null, new Argument.Literal(null),
                new Argument.Literal(true)), call.arguments());
        assertEquals(MERGE.columns(), call.columns());
    }

    @Test
    void aBareCallAndAQuotedDoubledQuoteReadAsPostgresqlReadsThem() {
        ControlStatement.Call call = (ControlStatement.Call) PARSER.parse("select RIFT.MERGE('it''s'::text, $2, $1)");
        assertEquals(List.of(new Argument.Literal("it's"), new Argument.Placeholder(2), new Argument.Placeholder(1)),
                call.arguments().subList(0, 3));
        assertEquals(2, call.parameterCount());
    }

    @Test
    void aColumnListPicksAndRenamesTheFunctionsColumns() {
        ControlStatement.Call call = (ControlStatement.Call) PARSER.parse(
                "SELECT inserted AS n, outcome FROM rift.merge('a')");
        assertEquals(List.of(new Column("n", ColumnType.INT8), Column.text("outcome")), call.columns());
        assertEquals(List.of(5L, "merged"), Arrays.asList(call.project(new Object[] {"merged", 5L})));
    }

    @Test
    void argumentNamesThatJsqlparserTakesForKeywordsAreQuotedBeforeParsing() {
        assertEquals("SELECT f('a', \"force\" => true, \"x\" => '=> y')",
                CallParser.quoteArgumentNames("SELECT f('a', force => true, x => '=> y')"));
    }

    @Test
    void settingsAndEmptyStatementsAreAcceptedWithoutRunningAnything() {
        assertEquals(new ControlStatement.Setting("SET"), PARSER.parse("SET extra_float_digits = 3"));
        assertEquals(new ControlStatement.Setting("RESET"), PARSER.parse("reset all"));
        assertInstanceOf(ControlStatement.Empty.class, PARSER.parse(" -- nothing\n;"));
        ControlStatement.Constants one = (ControlStatement.Constants) PARSER.parse("SELECT 1");
        assertEquals(List.of(1), one.values());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "SELECT rift.merge()                                 | 42883",
            "SELECT rift.merge('a', 'b', 'c', true, 'extra')      | 42883",
            "SELECT rift.merge('a', nope => 'b')                  | 42883",
            "SELECT rift.merge('a', branch => 'b')                | 42883",
            "SELECT rift.merge(1)                                 | 42883",
            "SELECT rift.merge(true)                              | 42883",
            "SELECT public.merge('a')                             | 42883",
            "SELECT merge('a')                                    | 42883",
            "SELECT rift.merge(target => 'b', 'a')                | 42601",
            "SELECT rift.merge('a', confirm => 'perhaps')         | 22P02",
            "SELECT rift.merge(upper('a'))                        | 0A000",
            "SELECT * FROM rift.merge('a') WHERE outcome = 'x'    | 0A000",
            "SELECT * FROM rift.merge('a') LIMIT 1                | 0A000",
            "SELECT * FROM rift.merge('a'), pg_class              | 0A000",
            "SELECT upper(outcome) FROM rift.merge('a')           | 0A000",
            "SELECT nope FROM rift.merge('a')                     | 42703",
            "SELECT * FROM pg_class                               | 0A000",
            "DELETE FROM t                                        | 0A000",
            "BEGIN                                                | 0A000",
            "SELECT rift.merge('a'); SELECT 1                     | 42601",
    })
    void whatIsNotACallOfAKnownFunctionIsRefusedWithPostgresqlsSqlstate(String sql, String state) {
        assertEquals(state, assertThrows(ControlError.class, () -> PARSER.parse(sql)).sqlState());
    }

    @Test
    void aMissingOptionalArgumentIsNull() {
        ControlStatement.Call call = (ControlStatement.Call) PARSER.parse("SELECT rift.merge('a')");
        assertNull(call.arguments().get(1));
    }
}
