package dev.rift.cli;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code rift demo}'s set-up: a throwaway upstream with data, rift in front, a branch that is really a branch. */
class DemoTest {

    @Test
    void theDemoServesABranchWhoseWritesLeaveMainUntouched() throws Exception {
        try (Demo demo = Demo.start(new HostPort("127.0.0.1", 0), HttpListen.parse("127.0.0.1:0", null))) {
            String text = demo.instructions();
            assertTrue(text.contains("psql " + demo.url("demo")), text);
            assertTrue(text.contains("dashboard: " + demo.dashboard()), text);
            HttpResponse<String> branches = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(demo.dashboard() + "api/branches")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, branches.statusCode());
            assertTrue(branches.body().contains("\"name\":\"demo\""), "the dashboard's API lists the demo branch: "
                    + branches.body());

            try (Connection branch = connect(demo, "demo"); Connection main = connect(demo, "main");
                 Statement b = branch.createStatement(); Statement m = main.createStatement()) {
                long before = count(m, "SELECT count(*) FROM orders WHERE customer_id = 1");
                assertTrue(before > 0, "the sample data has orders of customer 1");
                assertEquals(1, b.executeUpdate("DELETE FROM customers WHERE id = 1"));
                assertEquals(0, count(b, "SELECT count(*) FROM orders WHERE customer_id = 1"), "cascade on the branch");
                assertEquals(before, count(m, "SELECT count(*) FROM orders WHERE customer_id = 1"), "main untouched");

                // A table the demo's user creates on main lands in public, so branches see it.
                m.execute("CREATE TABLE wishlist (customer_id int PRIMARY KEY)");
                m.execute("INSERT INTO wishlist VALUES (2)");
                assertEquals(1, count(m, "SELECT count(*) FROM public.wishlist"));
                assertEquals(1, count(b, "SELECT count(*) FROM wishlist"), "the demo branch reads main's new table");
            }
        }
    }

    private static Connection connect(Demo demo, String branch) throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + demo.port() + "/" + branch,
                Demo.USER, Demo.PASSWORD);
    }

    private static long count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
