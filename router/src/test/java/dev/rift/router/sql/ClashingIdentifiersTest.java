package dev.rift.router.sql;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import net.sf.jsqlparser.parser.AbstractJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.StringProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Names PostgreSQL takes as identifiers but JSqlParser takes for its keywords (a table called
 * {@code settings}) are quoted before parsing; the list of them is derived here from both parsers.
 */
@ExtendWith(UpstreamExtension.class)
class ClashingIdentifiersTest {
    private static final List<String> PROBES = List.of("SELECT x.a FROM %s x", "SELECT a FROM %s",
            "UPDATE %s SET a = 1 WHERE b = 2", "DELETE FROM %s WHERE a = 1", "INSERT INTO %s (a) VALUES (1)",
            "SELECT %s FROM t", "SELECT t.%s FROM t", "UPDATE t SET %s = 1 WHERE %s = 2", "INSERT INTO t (%s) VALUES (1)",
            "SELECT a FROM t %s", "SELECT a FROM t AS %s", "SELECT a FROM s.%s");
    /** Words PostgreSQL uses as syntax in statements rift parses: quoting them would change a statement's meaning. */
    private static final Set<String> SYNTAX = Set.of("set", "current", "unbounded", "unknown", "csv", "force", "returns");

    @Test
    void everyWordJsqlparserCannotTakeAsANameButPostgresqlCanIsQuotedBeforeParsing(TestUpstream pg) throws Exception {
        Set<String> keywords = new HashSet<>();
        try (Connection c = pg.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT word FROM pg_get_keywords() WHERE catcode IN ('R', 'C', 'T')")) {
            while (rs.next()) {
                keywords.add(rs.getString(1));
            }
        }
        Set<String> clashing = new TreeSet<>();
        for (String image : CCJSqlParserConstants.tokenImage) {
            if (!image.matches("<K_[A-Z_0-9]+>")) {
                continue;
            }
            String word = image.substring(3, image.length() - 1).toLowerCase();
            if (keywords.contains(word) || SYNTAX.contains(word)) {
                continue;
            }
            if (PROBES.stream().anyMatch(p -> !parses(p.replace("%s", word)))) {
                clashing.add(word);
            }
        }
        assertEquals(clashing, new TreeSet<>(StatementParser.CLASHING_IDENTIFIERS));
    }

    @Test
    void aTableAndColumnsNamedLikeJsqlparserKeywordsAreFoundInTheOriginalText() throws Exception {
        String sql = "UPDATE Settings SET file = 'x' WHERE settings.output = 'y' AND key = 'k'";
        Tokens tokens = new Tokens(sql);
        String input = StatementParser.quoteClashingIdentifiers(StatementParser.parserInput(tokens), tokens);
        assertTrue(parses(input), input);
        int settings = input.indexOf("\"settings\"");
        assertEquals(sql.indexOf("Settings"), tokens.originalOffset(settings));
        int output = input.indexOf("\"output\"");
        assertEquals(sql.indexOf("output"), tokens.originalOffset(output));
    }

    @Test
    void aClashingTableNameBeforeAColumnListIsQuotedButAFunctionOfTheSameNameIsNot() {
        String sql = "INSERT INTO settings (key, value) SELECT file(x), 1 FROM t";
        Tokens tokens = new Tokens(sql);
        String input = StatementParser.quoteClashingIdentifiers(StatementParser.parserInput(tokens), tokens);
        assertTrue(input.contains("INTO \"settings\" (key"), input);
        assertTrue(input.contains(" file(x)"), input);
    }

    private static boolean parses(String sql) {
        try {
            new CCJSqlParser(new StringProvider(sql)).withDialect(AbstractJSqlParser.Dialect.POSTGRESQL)
                    .withAllowComplexParsing(true).Statement();
            return true;
        } catch (Exception | Error e) {
            return false;
        }
    }
}
