package dev.rift.router.sql;

import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.StringProvider;

/**
 * JSqlParser that stops once its {@code interrupted} flag is set. JSqlParser itself only skips its costlier
 * alternatives then, and its scans ahead over nested parentheses go on for minutes on hostile input; those scans
 * are the methods overridden here, which it calls at every nested expression, so the parse ends with
 * {@link Stopped} at the next one.
 */
final class StoppableParser extends CCJSqlParser {
    /** Thrown through JSqlParser, which catches exceptions but rethrows errors. */
    static final class Stopped extends Error {
        Stopped() {
            super("parse stopped", null, false, false);
        }
    }

    StoppableParser(String input) {
        super(new StringProvider(input));
    }

    private void check() {
        if (interrupted) {
            throw new Stopped();
        }
    }

    @Override
    protected boolean isComparisonOperatorAhead() {
        check();
        return super.isComparisonOperatorAhead();
    }

    @Override
    protected boolean isTernaryAhead() {
        check();
        return super.isTernaryAhead();
    }

    @Override
    protected boolean isFunctionAhead() {
        check();
        return super.isFunctionAhead();
    }

    @Override
    protected boolean isUnparenthesizedSelectAhead() {
        check();
        return super.isUnparenthesizedSelectAhead();
    }

    @Override
    protected Expression prattExpressionRest(Expression left, int minPrecedence) throws ParseException {
        check();
        return super.prattExpressionRest(left, minPrecedence);
    }

    @Override
    protected Expression prattArithRest(Expression left, int minPrecedence) throws ParseException {
        check();
        return super.prattArithRest(left, minPrecedence);
    }

    @Override
    protected boolean isParenthesedFromItemAhead() {
        check();
        return super.isParenthesedFromItemAhead();
    }

    @Override
    protected boolean isNestedSetOperationAhead() {
        check();
        return super.isNestedSetOperationAhead();
    }

    @Override
    protected boolean isParenthesedSelectAhead() {
        check();
        return super.isParenthesedSelectAhead();
    }

    @Override
    protected boolean isImplicitCastAhead() {
        check();
        return super.isImplicitCastAhead();
    }

    @Override
    protected boolean isCaseExpressionAhead() {
        check();
        return super.isCaseExpressionAhead();
    }

    @Override
    protected boolean isAllTableColumnsAhead() {
        check();
        return super.isAllTableColumnsAhead();
    }

    @Override
    protected boolean isNamedExprListAhead() {
        check();
        return super.isNamedExprListAhead();
    }

    @Override
    protected boolean isConditionSuffixAhead() {
        check();
        return super.isConditionSuffixAhead();
    }
}
