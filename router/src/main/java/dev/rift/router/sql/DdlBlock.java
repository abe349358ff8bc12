package dev.rift.router.sql;

import dev.rift.cow.Quote;
import dev.rift.cow.TableId;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * rift's hidden statements for one DDL statement, sent as one DO block: in the extended protocol hidden statements
 * are all parsed before any runs, and these name objects the ones before them make.
 *
 * @param layer the branch's top layer, where the DDL is logged and relations are hidden
 */
record DdlBlock(long layer, List<String> statements) {

    DdlBlock {
        statements = List.copyOf(statements);
    }

    /** The block that first logs {@code ddl} (the client's text) for {@code branch}. */
    static DdlBlock logging(long layer, String branch, String ddl) {
        return new DdlBlock(layer, List.of("SELECT rift.log_ddl(" + layer + ", " + Quote.literal(branch) + ", "
                + Quote.literal(ddl) + ")"));
    }

    /** This block followed by {@code more}. */
    DdlBlock then(Collection<String> more) {
        List<String> all = new ArrayList<>(statements);
        all.addAll(more);
        return new DdlBlock(layer, all);
    }

    /** This block followed by hiding each upstream relation in the top layer. */
    DdlBlock hiding(Collection<TableId> relations) {
        return then(relations.stream()
                .map(id -> "SELECT rift.hide(" + layer + ", " + Quote.literal(id.sql()) + "::regclass)").toList());
    }

    String sql() {
        StringBuilder b = new StringBuilder("DO $rift_ddl$BEGIN\n");
        for (String sql : statements) {
            b.append("EXECUTE ").append(Quote.literal(sql)).append(";\n");
        }
        return b.append("END$rift_ddl$").toString();
    }
}
