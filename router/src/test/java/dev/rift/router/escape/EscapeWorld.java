package dev.rift.router.escape;

import dev.rift.router.ProxyConfig;
import dev.rift.router.RiftServer;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The world the attacks run in: the shop (escape/shop.sql) as the upstream of a rift server, the four roles, and a
 * branch {@value #VICTIM} a superuser already worked on (escape/victim.sql). Built once as a template database;
 * when an attack changed anything, the world is thrown away and copied again from the template, so every attack
 * starts from the same state.
 */
final class EscapeWorld implements AutoCloseable {
    static final String VICTIM = "victim";
    /** In every value of table secret; no attack text contains it, so finding it in a reply means it was read. */
    static final String MARKER = "zq7classified";
    private static final String HOST = "127.0.0.1";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_]+)(?::([a-z_]+))?}");

    private final TestUpstream pg;
    private final String prefix;
    private final String password;
    private final String template;
    private final long victimLayer;
    private final Map<String, String> values;
    private final List<UpstreamRows> rows;
    private final AtomicInteger counter = new AtomicInteger();
    private String database;
    private RiftServer rift;
    /** A superuser's connection straight to the current database: fingerprints and repairs. */
    private Connection checker;
    private Fingerprint baseline;

    private EscapeWorld(TestUpstream pg, String prefix, String password, String template, long victimLayer,
                        Map<String, String> values, List<UpstreamRows> rows) {
        this.pg = pg;
        this.prefix = prefix;
        this.password = password;
        this.template = template;
        this.victimLayer = victimLayer;
        this.values = values;
        this.rows = rows;
    }

    static EscapeWorld build(TestUpstream pg) throws Exception {
        String prefix = "esc" + UUID.randomUUID().toString().substring(0, 6);
        String password = UUID.randomUUID().toString();
        Map<String, String> values = new HashMap<>();
        values.put("marker", MARKER);
        values.put("victim", VICTIM);
        for (EscapeRole r : EscapeRole.values()) {
            values.put(r.placeholder(), r.roleName(prefix));
        }
        values.put("prefix", prefix);
        try (Connection c = pg.connect(); Statement st = c.createStatement()) {
            for (EscapeRole r : EscapeRole.values()) {
                st.execute("CREATE ROLE " + r.roleName(prefix) + " " + r.attributes() + " PASSWORD '" + password + "'");
            }
        }
        String template = pg.createDatabase();
        try (Connection c = pg.connect(template); Statement st = c.createStatement()) {
            st.execute(fill(resource("shop.sql"), values));
        }
        long layer;
        List<UpstreamRows> rows;
        try (RiftServer server = RiftServer.start(ProxyConfig.of(HOST, 0, UpstreamUrl.parse(pg.url(template))))) {
            server.engine().install();
            try (Connection c = pg.connect(template); Statement st = c.createStatement()) {
                st.execute(fill(resource("after_init.sql"), values)); // a table rift init did not see
            }
            server.engine().createBranch(VICTIM, null);
            try (Connection victim = connect(server.port(), VICTIM, EscapeRole.SUPERUSER.roleName(prefix), password);
                 Statement st = victim.createStatement()) {
                for (String sql : resource("victim.sql").lines().filter(l -> !l.isBlank() && !l.startsWith("--")).toList()) {
                    st.execute(sql);
                }
            }
        }
        try (Connection c = pg.connect(template); Statement st = c.createStatement()) {
            layer = Long.parseLong(one(st, "SELECT top_layer FROM rift.branches WHERE name = '" + VICTIM + "'"));
            for (String table : List.of("secret", "orders", "customers", "audit", "payments", "refunds")) {
                values.put("relid:" + table, one(st, "SELECT 'public." + table + "'::regclass::oid"));
            }
            values.put("lo", one(st, "SELECT min(oid) FROM pg_largeobject_metadata"));
            rows = List.of(UpstreamRows.capture(c, UpstreamRows.USER_SCHEMAS, ""),
                    UpstreamRows.capture(c, Fingerprint.victimSchemas(layer), Fingerprint.VICTIM_ROWS));
        }
        values.put("V", Long.toString(layer));
        values.put("upstream", template);
        EscapeWorld world = new EscapeWorld(pg, prefix, password, template, layer, values, rows);
        world.fresh();
        return world;
    }

    /** A fresh branch made from main for one attack: attacks never see each other's branch. */
    String newBranch() {
        String name = "atk" + counter.incrementAndGet();
        rift.engine().createBranch(name, null);
        return name;
    }

    /** A file nobody has written yet, for attacks that would make the server write one. */
    Path newProbe() {
        return Path.of(System.getProperty("java.io.tmpdir"), prefix + "-probe-" + counter.incrementAndGet());
    }

    WireSession open(String database, EscapeRole role) throws IOException {
        return WireSession.open(HOST, rift.port(), database, role.roleName(prefix), password);
    }

    /** {@code text} with its ${...} placeholders filled in for an attack by {@code role}. */
    String fill(String text, EscapeRole role, Path probe) {
        Map<String, String> v = new HashMap<>(values);
        v.put("me", role.roleName(prefix));
        v.put("probe", probe.toString());
        return fill(text, v);
    }

    /** The OID of the function {@code signature} ({@code regprocedure} syntax) in the upstream. */
    int functionOid(String signature) throws SQLException {
        try (Connection c = pg.connect(database);
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT ?::regprocedure::oid::int")) {
            ps.setString(1, signature);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    Fingerprint baseline() {
        return baseline;
    }

    Fingerprint fingerprint() throws SQLException {
        return Fingerprint.of(checker, victimLayer);
    }

    /**
     * Puts the world back after an attack changed {@code changedKeys} of the baseline: rows and sequences (the
     * upstream's, the victim's) in place when that is all it changed, else everything from the template.
     */
    void repair(Set<String> changedKeys) throws Exception {
        if (changedKeys.stream().allMatch(k -> rows.stream().anyMatch(r -> r.covers(k)))) {
            for (UpstreamRows r : rows) {
                r.restore(checker);
            }
            if (baseline.changedKeys(fingerprint()).isEmpty()) {
                return;
            }
        }
        rebuild();
    }

    /** The world as the template has it again, after an attack changed it: database, rift, the roles. */
    private void rebuild() throws Exception {
        Fingerprint original = baseline;
        closeCurrent();
        try (Connection c = pg.connect(); Statement st = c.createStatement()) {
            List<String> repairs = new ArrayList<>();
            for (EscapeRole r : EscapeRole.values()) {
                repairs.add("ALTER ROLE " + r.roleName(prefix) + " " + r.attributes() + " PASSWORD '" + password + "'");
                repairs.add("ALTER ROLE " + r.roleName(prefix) + " RESET ALL");
            }
            try (ResultSet rs = st.executeQuery("SELECT quote_ident(roleid::regrole::text), quote_ident(member::regrole::text)"
                    + " FROM pg_auth_members WHERE roleid::regrole::text LIKE '" + prefix + "%'"
                    + " OR member::regrole::text LIKE '" + prefix + "%'")) {
                while (rs.next()) {
                    repairs.add("REVOKE " + rs.getString(1) + " FROM " + rs.getString(2));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT quote_ident(rolname) FROM pg_roles WHERE rolname LIKE '"
                    + prefix + "%' AND rolname NOT IN (" + String.join(", ", roleLiterals()) + ")")) {
                while (rs.next()) {
                    repairs.add("DROP ROLE " + rs.getString(1));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT name FROM pg_file_settings WHERE sourcefile LIKE '%postgresql.auto.conf'")) {
                while (rs.next()) {
                    if (!original.entries().containsKey("server-setting " + rs.getString(1))) {
                        repairs.add("ALTER SYSTEM RESET " + rs.getString(1));
                    }
                }
            }
            for (String sql : repairs) {
                st.execute(sql);
            }
            st.execute("SELECT pg_reload_conf()");
        }
        fresh();
        List<String> left = original.differences(baseline).stream().filter(d -> !d.startsWith("role ") && !d.startsWith("rift role ")).toList();
        if (!left.isEmpty()) {
            throw new IllegalStateException("the escape world could not be put back as it was: " + left);
        }
    }

    private void fresh() throws Exception {
        database = pg.copyDatabase(template);
        rift = RiftServer.start(ProxyConfig.of(HOST, 0, UpstreamUrl.parse(pg.url(database))));
        checker = pg.connect(database);
        baseline = fingerprint();
    }

    private void closeCurrent() throws SQLException {
        try (Connection c = checker) {
            rift.close();
        } finally {
            pg.dropDatabase(database);
        }
    }

    private List<String> roleLiterals() {
        return java.util.Arrays.stream(EscapeRole.values()).map(r -> "'" + r.roleName(prefix) + "'").toList();
    }

    @Override
    public void close() throws Exception {
        try {
            closeCurrent();
        } finally {
            pg.dropDatabase(template);
            try (Connection c = pg.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT quote_ident(rolname) FROM pg_roles WHERE rolname LIKE '" + prefix + "%'")) {
                List<String> roles = new ArrayList<>();
                while (rs.next()) {
                    roles.add(rs.getString(1));
                }
                for (String r : roles) {
                    st.execute("DROP ROLE " + r);
                }
            }
        }
    }

    private static String fill(String text, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(2) == null ? m.group(1) : m.group(1) + ":" + m.group(2);
            String value = values.get(key);
            if (value == null) {
                throw new IllegalArgumentException("unknown placeholder ${" + key + "} in: " + text);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    static String resource(String name) {
        try (InputStream in = EscapeWorld.class.getResourceAsStream("/escape/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource escape/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String one(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Connection connect(int port, String database, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("socketTimeout", "60");
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + port + "/" + database, p);
    }
}
