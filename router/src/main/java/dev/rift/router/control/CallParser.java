package dev.rift.router.control;

import dev.rift.router.control.ControlStatement.Argument;
import dev.rift.router.sql.SqlLexer;
import dev.rift.router.sql.StatementSplitter;
import dev.rift.router.sql.Token;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.OracleNamedFunctionParameter;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.TableFunction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a statement sent to database {@code rift}: {@code SELECT rift.f(args)} or {@code SELECT * FROM rift.f(args)},
 * arguments string literals, {@code true}/{@code false}, {@code NULL} or {@code $n}, by position or by name
 * ({@code name => value}); SET and RESET (ignored); empty statements; {@code SELECT 1}-style probes. Anything else is
 * refused with the SQLSTATE PostgreSQL would use, or 0A000.
 */
final class CallParser {
    private static final Pattern SETTING = Pattern.compile("(?is)\\s*(SET|RESET)\\b.*");
    private static final Pattern TRANSACTION = Pattern.compile(
            "(?is)\\s*(BEGIN|START\\s+TRANSACTION|COMMIT|END|ROLLBACK|ABORT|SAVEPOINT|RELEASE)\\b.*");

    private final Map<String, ControlFunction> functions;

    CallParser(Map<String, ControlFunction> functions) {
        this.functions = functions;
    }

    /** One statement (no top-level semicolon but possibly a trailing one). */
    ControlStatement parse(String sql) {
        StatementSplitter.Split split = StatementSplitter.split(sql);
        if (split.unterminated()) {
            throw new ControlError("42601", "unterminated quoted string or comment in: " + sql);
        }
        if (split.isEmpty()) {
            return new ControlStatement.Empty();
        }
        if (split.statements().size() > 1) {
            throw new ControlError("42601", "cannot insert multiple commands into a prepared statement");
        }
        String statement = split.statements().get(0);
        if (SETTING.matcher(statement).matches()) {
            return new ControlStatement.Setting(statement.strip().substring(0, 3).equalsIgnoreCase("SET") ? "SET" : "RESET");
        }
        if (TRANSACTION.matcher(statement).matches()) {
            throw unsupported("transactions are not supported on database \"rift\": each function call commits on"
                    + " its own (use autocommit)");
        }
        Statement parsed;
        try {
            parsed = CCJSqlParserUtil.parse(quoteArgumentNames(statement));
        } catch (JSQLParserException e) {
            throw unsupported("database \"rift\" runs only calls of rift's functions; cannot read: " + statement.strip());
        }
        if (!(parsed instanceof PlainSelect select) || !plain(select)) {
            throw unsupported("database \"rift\" runs only calls of rift's functions, not: " + statement.strip());
        }
        Function call = called(select);
        if (call == null && select.getFromItem() instanceof TableFunction tf && selectsColumns(select)) {
            call = tf.getFunction();
        }
        if (call == null) {
            ControlStatement probe = constants(select);
            if (probe != null) {
                return probe;
            }
            throw unsupported("database \"rift\" runs only calls of rift's functions, not: " + statement.strip());
        }
        return call(call, select);
    }

    /** {@code SELECT a, b AS c FROM rift.f(...)}: plain column names, chosen from the function's columns. */
    private static boolean selectsColumns(PlainSelect s) {
        return s.getSelectItems().stream()
                .allMatch(i -> i.getExpression() instanceof net.sf.jsqlparser.schema.Column);
    }

    /**
     * {@code force => true} with the name quoted: JSqlParser takes some of PostgreSQL's unreserved keywords
     * ({@code force}) for its own and cannot read them as argument names; quoted, any name reads.
     */
    static String quoteArgumentNames(String sql) {
        List<Token> tokens = SqlLexer.lex(sql);
        StringBuilder out = new StringBuilder();
        int copied = 0;
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token t = tokens.get(i);
            Token next = tokens.get(i + 1);
            if (t.is(Token.Kind.IDENT) && next.is(Token.Kind.OP) && next.value().equals("=>")) {
                out.append(sql, copied, t.begin()).append('"').append(t.value()).append('"');
                copied = t.end();
            }
        }
        return out.append(sql.substring(copied)).toString();
    }

    /** A SELECT with nothing but its items and at most one FROM item. */
    private static boolean plain(PlainSelect s) {
        return s.getWhere() == null && (s.getJoins() == null || s.getJoins().isEmpty()) && s.getGroupBy() == null
                && s.getHaving() == null && s.getOrderByElements() == null && s.getLimit() == null
                && s.getOffset() == null && s.getFetch() == null && s.getDistinct() == null && s.getWithItemsList() == null
                && s.getIntoTables() == null;
    }

    /** {@code SELECT f(...)} or {@code SELECT * FROM f(...)}: the function, else null. */
    private static Function called(PlainSelect s) {
        List<SelectItem<?>> items = s.getSelectItems();
        if (s.getFromItem() == null) {
            return items.size() == 1 && items.get(0).getExpression() instanceof Function f ? f : null;
        }
        if (s.getFromItem() instanceof TableFunction tf && items.size() == 1
                && items.get(0).getExpression() instanceof AllColumns) {
            return tf.getFunction();
        }
        return null;
    }

    private static ControlStatement constants(PlainSelect s) {
        if (s.getFromItem() != null) {
            return null;
        }
        List<Column> columns = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (SelectItem<?> item : s.getSelectItems()) {
            String name = item.getAlias() == null ? "?column?" : unquote(item.getAlias().getName());
            if (item.getExpression() instanceof LongValue l && l.getValue() == (int) l.getValue()) {
                columns.add(new Column(name, ColumnType.INT4));
                values.add((int) l.getValue());
            } else if (item.getExpression() instanceof StringValue v && v.getPrefix() == null) {
                columns.add(new Column(name, ColumnType.TEXT));
                values.add(literal(v));
            } else {
                return null;
            }
        }
        return new ControlStatement.Constants(columns, values);
    }

    private ControlStatement call(Function call, PlainSelect select) {
        List<String> parts = call.getMultipartName();
        String name = unquote(parts.get(parts.size() - 1)).toLowerCase(Locale.ROOT);
        List<Expression> given = call.getParameters() == null ? List.of() : new ArrayList<>(call.getParameters());
        ControlFunction f = functions.get(name);
        if (parts.size() != 2 || !"rift".equalsIgnoreCase(unquote(parts.get(0))) || f == null || call.isDistinct()
                || call.isAllColumns() || call.getNamedParameters() != null) {
            throw undefined(call, given);
        }
        Argument[] bound = new Argument[f.parameters().size()];
        boolean named = false;
        for (Expression e : given) {
            int at;
            Expression value = e;
            if (e instanceof OracleNamedFunctionParameter n) {
                named = true;
                at = position(f, unquote(n.getName()));
                value = n.getExpression();
            } else if (named) {
                throw new ControlError("42601", "positional argument cannot follow named argument");
            } else {
                at = firstFree(bound);
            }
            if (at < 0 || at >= bound.length || bound[at] != null) {
                throw undefined(call, given);
            }
            bound[at] = argument(value, f.parameters().get(at), call, given);
        }
        for (int i = 0; i < bound.length; i++) {
            if (bound[i] == null && f.parameters().get(i).required()) {
                throw undefined(call, given);
            }
        }
        List<Column> columns = new ArrayList<>();
        List<Integer> projection = new ArrayList<>();
        for (SelectItem<?> item : select.getSelectItems()) {
            if (item.getExpression() instanceof net.sf.jsqlparser.schema.Column c) {
                String wanted = unquote(c.getColumnName());
                int at = -1;
                for (int i = 0; i < f.columns().size(); i++) {
                    if (f.columns().get(i).name().equalsIgnoreCase(wanted)) {
                        at = i;
                    }
                }
                if (at < 0) {
                    throw new ControlError("42703", "column \"" + wanted + "\" does not exist",
                            "rift." + f.name() + " returns: " + String.join(", ",
                                    f.columns().stream().map(Column::name).toList()));
                }
                Column chosen = f.columns().get(at);
                columns.add(item.getAlias() == null ? chosen : new Column(unquote(item.getAlias().getName()), chosen.type()));
                projection.add(at);
            } else {
                // SELECT * FROM rift.f(...) or SELECT rift.f(...): every column.
                for (int i = 0; i < f.columns().size(); i++) {
                    columns.add(f.columns().get(i));
                    projection.add(i);
                }
            }
        }
        return new ControlStatement.Call(f, Arrays.asList(bound), columns,
                projection.stream().mapToInt(Integer::intValue).toArray());
    }

    private static int firstFree(Argument[] bound) {
        for (int i = 0; i < bound.length; i++) {
            if (bound[i] == null) {
                return i;
            }
        }
        return bound.length;
    }

    private static int position(ControlFunction f, String name) {
        for (int i = 0; i < f.parameters().size(); i++) {
            if (f.parameters().get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private Argument argument(Expression e, ControlFunction.Parameter p, Function call, List<Expression> given) {
        // pgjdbc's simple mode sends a parameter as ('value') or ('value'::type).
        while (e instanceof CastExpression || e instanceof Parenthesis
                || e instanceof ParenthesedExpressionList<?> l && l.size() == 1) {
            if (e instanceof CastExpression cast) {
                e = cast.getLeftExpression();
            } else if (e instanceof Parenthesis paren) {
                e = paren.getExpression();
            } else {
                e = ((ParenthesedExpressionList<?>) e).get(0);
            }
        }
        if (e instanceof JdbcParameter j && j.getIndex() != null) {
            return new Argument.Placeholder(j.getIndex());
        }
        if (e instanceof NullValue) {
            return new Argument.Literal(null);
        }
        if (e instanceof StringValue s && (s.getPrefix() == null || s.getPrefix().isEmpty())) {
            return new Argument.Literal(Values.coerce(literal(s), p.type()));
        }
        if (e instanceof BooleanValue b) {
            if (p.type() != ControlFunction.ParameterType.BOOL) {
                throw undefined(call, given);
            }
            return new Argument.Literal(b.getValue());
        }
        if (e instanceof LongValue) {
            throw undefined(call, given);
        }
        throw unsupported("arguments of rift's functions are string literals, true, false, NULL or $n parameters,"
                + " not: " + e);
    }

    private static String literal(StringValue s) {
        return s.getValue().replace("''", "'");
    }

    private ControlError undefined(Function call, List<Expression> given) {
        String types = String.join(", ", given.stream().map(CallParser::typeName).toList());
        String name = String.join(".", call.getMultipartName().stream().map(CallParser::unquote).toList());
        return new ControlError("42883", "function " + name + "(" + types + ") does not exist",
                "No function matches the given name and argument types. Database \"rift\" has: " + catalog());
    }

    private static String typeName(Expression e) {
        if (e instanceof OracleNamedFunctionParameter n) {
            return unquote(n.getName()) + " => " + typeName(n.getExpression());
        }
        if (e instanceof BooleanValue) {
            return "boolean";
        }
        if (e instanceof LongValue) {
            return "integer";
        }
        return "unknown";
    }

    private String catalog() {
        return String.join("; ", functions.values().stream().map(ControlFunction::signature).toList());
    }

    private ControlError unsupported(String message) {
        return new ControlError("0A000", message, "Call one of: " + catalog()
                + ". Example: SELECT * FROM rift.diff('pr-42')");
    }

    private static String unquote(String name) {
        return name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")
                ? name.substring(1, name.length() - 1) : name;
    }
}
