package dev.rift.router.sql;

import net.sf.jsqlparser.parser.Node;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.util.TablesNamesFinder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Every table reference in a parse tree (FROM and JOIN items, subqueries anywhere, CTE bodies, write targets) and
 * every WITH item, by JSqlParser's own exhaustive walker.
 */
final class TableRefCollector extends TablesNamesFinder<Void> {
    private final Set<Table> tables = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<Table> ordered = new ArrayList<>();
    private final Set<WithItem<?>> seenWithItems = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<WithItem<?>> withItems = new ArrayList<>();


    /** The references of a statement, each located in the text; WITH items are returned through {@code items}. */
    static List<TableRef> collect(Statement statement, Tokens tokens, List<WithItem<?>> items) {
        TableRefCollector c = new TableRefCollector();
        try {
            c.getTables(statement);
        } catch (UnsupportedOperationException e) {
            throw Refusal.unsupported("rift cannot analyse this statement: " + e.getMessage());
        }
        items.addAll(c.withItems);
        List<TableRef> refs = new ArrayList<>();
        for (Table table : c.ordered) {
            refs.add(new TableRef(table, locate(table, tokens), table.getAlias() != null));
        }
        return refs;
    }

    @Override
    public <S> Void visit(Table table, S context) {
        if (tables.add(table)) {
            ordered.add(table);
        }
        return null;
    }

    @Override
    public <S> Void visit(WithItem<?> withItem, S context) {
        if (seenWithItems.add(withItem)) {
            withItems.add(withItem);
            return super.visit(withItem, context);
        }
        return null;
    }

    /** The table's dotted name in the text, checked against the tree's own idea of it; null when they disagree. */
    private static NameChain locate(Table table, Tokens tokens) {
        Node node = table.getASTNode();
        if (node == null) {
            return null;
        }
        // JSqlParser's absolute positions count from 1.
        int index = tokens.indexAt(tokens.originalOffset(node.jjtGetFirstToken().absoluteBegin - 1));
        NameChain chain = index < 0 ? null : NameChain.at(tokens, index);
        if (chain == null || !chain.decodable()) {
            return null;
        }
        List<String> parts = chain.parts();
        if (!parts.get(parts.size() - 1).equals(fold(table.getName()))) {
            return null;
        }
        String schema = table.getSchemaName();
        if ((schema == null) != (parts.size() < 2)
                || schema != null && !parts.get(parts.size() - 2).equals(fold(schema))) {
            return null;
        }
        return chain;
    }

    /** A name as JSqlParser keeps it (quotes included) to the name PostgreSQL means. */
    static String fold(String raw) {
        if (raw == null) {
            return null;
        }
        if (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) {
            return NameChain.truncate(raw.substring(1, raw.length() - 1).replace("\"\"", "\""));
        }
        return NameChain.truncate(SqlCharacters.foldIdentifier(raw));
    }
}
