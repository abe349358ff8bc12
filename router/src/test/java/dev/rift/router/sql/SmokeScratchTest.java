package dev.rift.router.sql;

import org.junit.jupiter.api.Test;

class SmokeScratchTest {
    @Test
    void print() {
        StatementRouter router = new StatementRouter();
        String[] sqls = {
            "SELECT * FROM accounts a WHERE id = 1",
            "select * from public.accounts join ledger l on l.account_id = accounts.id",
            "WITH accounts AS (SELECT 1 AS id) SELECT * FROM accounts",
            "UPDATE accounts SET balance = balance + 10 WHERE owner = 'ann' RETURNING id, balance",
            "DELETE FROM accounts a USING ledger l WHERE l.account_id = a.id",
            "INSERT INTO accounts (id, owner) VALUES (1, 'x'), (7, 'y') ON CONFLICT (id) DO UPDATE SET owner = excluded.owner",
            "UPDATE ledger SET amount = 0",
            "TRUNCATE events",
            "SELECT nextval('ticket_seq')",
            "COPY accounts TO STDOUT",
            "COPY accounts FROM STDIN WITH (FORMAT csv)",
            "SELECT * FROM big_accounts",
            "CREATE TABLE x (a int)",
            "SET search_path TO audit, public; SELECT * FROM accounts",
            "UPDATE accounts SET balance = $1 WHERE id = $2 RETURNING balance * $3",
        };
        for (String sql : sqls) {
            Fixture.Session s = new Fixture.Session().changed(Fixture.ACCOUNTS);
            if (sql.contains("$1")) s.extended();
            System.out.println("== " + sql + "\n   " + router.decide(sql, s));
        }
    }
}
