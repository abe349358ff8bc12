package dev.rift.router.migrations;

import dev.rift.storage.testing.TestUpstream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statements clients send to one database, from PostgreSQL's own log ({@code log_statement = 'all'} set on that
 * database only): what Flyway, Liquibase, Hibernate and psql ask the catalog, so the lead knows exactly which catalog
 * queries a branch must answer. Works when the test upstream is a local cluster whose {@code server.log} this process
 * can read; otherwise it records nothing (and says so).
 */
final class StatementLog {
    private static final Logger log = LoggerFactory.getLogger(StatementLog.class);
    /** A log entry's first line: "2024-01-01 00:00:00.000 UTC [123] LOG:  statement: ..." (the default prefix). */
    private static final Pattern ENTRY = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)? \\S+ \\[\\d+\\] ");
    private static final Pattern STATEMENT = Pattern.compile("^LOG:  (?:statement|execute [^:]*): (.*)$", Pattern.DOTALL);
    /** Statements that read the catalog or the session's settings, rather than the user's tables. */
    private static final Pattern CATALOG = Pattern.compile(
            "(?i)\\bpg_\\w+|information_schema|current_schema|current_database|current_user|session_user|version\\(\\)"
                    + "|^\\s*show\\b|set_config|current_setting|\\boid\\b|regclass|regtype|format_type");

    private final TestUpstream pg;
    private final String db;
    private final Path file;
    private long mark;

    private StatementLog(TestUpstream pg, String db, Path file) {
        this.pg = pg;
        this.db = db;
        this.file = file;
    }

    /** Logs every statement sent to {@code db} from now on (new sessions only). */
    static StatementLog enable(TestUpstream pg, String db) throws SQLException {
        Path file = null;
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            st.execute("ALTER DATABASE \"" + db.replace("\"", "\"\"") + "\" SET log_statement = 'all'");
            try (ResultSet rs = st.executeQuery("SELECT current_setting('data_directory')")) {
                rs.next();
                Path candidate = Path.of(rs.getString(1), "server.log");
                if (Files.isReadable(candidate)) {
                    file = candidate;
                } else {
                    log.info("no readable server log at {}: the catalog queries of this run are not recorded", candidate);
                }
            } catch (SQLException e) {
                log.info("cannot locate the server log ({}): the catalog queries of this run are not recorded",
                        e.getMessage());
            }
        }
        StatementLog s = new StatementLog(pg, db, file);
        s.mark();
        return s;
    }

    /** Forgets what was logged so far. */
    void mark() {
        mark = size();
    }

    /** Distinct statements logged since {@link #mark()}, in first-seen order, whitespace collapsed. */
    List<String> statementsSinceMark() throws IOException {
        Set<String> out = new LinkedHashSet<>();
        if (file == null) {
            return List.of();
        }
        StringBuilder entry = null;
        for (String line : read().split("\n", -1)) {
            Matcher m = ENTRY.matcher(line);
            if (m.find()) {
                addStatement(entry, out);
                entry = new StringBuilder(line.substring(m.end()));
            } else if (entry != null) {
                entry.append('\n').append(line);
            }
        }
        addStatement(entry, out);
        return new ArrayList<>(out);
    }

    /** Of {@link #statementsSinceMark()}, those that read the catalog or session settings. */
    List<String> catalogStatementsSinceMark() throws IOException {
        return statementsSinceMark().stream().filter(s -> CATALOG.matcher(s).find()).toList();
    }

    /** Writes the catalog statements since the mark to {@code target/catalog-queries/<name>.sql}. */
    void record(String name) {
        try {
            List<String> statements = catalogStatementsSinceMark();
            if (statements.isEmpty()) {
                return;
            }
            Path out = Path.of("target", "catalog-queries", name + ".sql");
            Files.createDirectories(out.getParent());
            StringBuilder b = new StringBuilder("-- Catalog and session queries " + name + " sent to a full copy ("
                    + statements.size() + " distinct), from PostgreSQL's log_statement = 'all'.\n\n");
            for (String s : statements) {
                b.append(s).append(";\n\n");
            }
            Files.writeString(out, b.toString());
            log.info("recorded {} catalog queries in {}", statements.size(), out.toAbsolutePath());
        } catch (IOException e) {
            log.warn("could not record the catalog queries of {}: {}", name, e.toString());
        }
    }

    void disable() {
        try (Connection c = pg.connect("postgres"); Statement st = c.createStatement()) {
            st.execute("ALTER DATABASE \"" + db.replace("\"", "\"\"") + "\" RESET log_statement");
        } catch (SQLException e) {
            log.debug("could not reset log_statement on {}: {}", db, e.getMessage());
        }
    }

    private static void addStatement(StringBuilder entry, Set<String> out) {
        if (entry == null) {
            return;
        }
        Matcher m = STATEMENT.matcher(entry);
        if (m.matches()) {
            out.add(m.group(1).strip().replaceAll("\\s+", " "));
        }
    }

    private long size() {
        try {
            return file == null ? 0 : Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private String read() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            if (length <= mark) {
                return "";
            }
            byte[] bytes = new byte[(int) (length - mark)];
            f.seek(mark);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
