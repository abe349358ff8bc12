package dev.rift.router.sql;

import net.sf.jsqlparser.schema.Table;

/**
 * A table reference of the parse tree, located in the original text.
 *
 * @param node  the parse tree's node (identity matters: write targets are recognised by it)
 * @param name  the dotted name in the text, or null when JSqlParser gave no usable position
 * @param alias whether the reference carries an alias ({@code t AS x}, {@code t x})
 */
record TableRef(Table node, NameChain name, boolean alias) {

    boolean located() {
        return name != null;
    }

    int begin(Tokens t) {
        return t.get(name.first()).begin();
    }

    int end(Tokens t) {
        return t.get(name.last()).end();
    }
}
