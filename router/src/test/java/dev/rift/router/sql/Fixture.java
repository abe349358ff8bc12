package dev.rift.router.sql;

import dev.rift.cow.BranchState;
import dev.rift.cow.Overlay;
import dev.rift.cow.RelationKind;
import dev.rift.cow.TableId;
import dev.rift.cow.WriteTarget;

import java.util.List;
import java.util.Optional;

import static dev.rift.router.sql.FakeUpstream.column;
import static dev.rift.router.sql.FakeUpstream.id;

/**
 * The upstream every test uses, and the branch {@code dev} over it whose layer objects carry the engine's names.
 * {@link OverlayDatabase} creates exactly these relations in a real PostgreSQL.
 *
 * <pre>
 * public.accounts(id int PK, owner text NOT NULL UNIQUE, balance numeric NOT NULL DEFAULT 0)   delta
 * public.ledger(account_id int, seq int, amount numeric, PK (account_id, seq))               delta, composite key
 * public.events(kind text, amount int)                                                        no PK: copy
 * public.ticket_seq                                                                           sequence
 * public.big_accounts      view over accounts        public.account_totals  materialized view over accounts
 * audit.accounts(id int PK, note text)               audit.entries(id int PK)                  (never changed)
 * </pre>
 */
final class Fixture {
    static final String BRANCH = "dev";
    static final TableId ACCOUNTS = id("public", "accounts");
    static final TableId LEDGER = id("public", "ledger");
    static final TableId EVENTS = id("public", "events");
    static final TableId TICKET_SEQ = id("public", "ticket_seq");
    static final TableId BIG_ACCOUNTS = id("public", "big_accounts");
    static final TableId ACCOUNT_TOTALS = id("public", "account_totals");
    static final TableId AUDIT_ACCOUNTS = id("audit", "accounts");
    static final TableId AUDIT_ENTRIES = id("audit", "entries");

    static final String M_ACCOUNTS = "\"rift_l1\".\"m_accounts\"";
    static final String D_ACCOUNTS = "\"rift_l1_public\".\"accounts\"";
    static final String CU_ACCOUNTS = "\"rift_l1\".\"cu_accounts\"";
    static final String M_LEDGER = "\"rift_l1\".\"m_ledger\"";
    static final String D_LEDGER = "\"rift_l1_public\".\"ledger\"";
    static final String CU_LEDGER = "\"rift_l1\".\"cu_ledger\"";
    static final String K_LEDGER = "\"rift_l1\".\"k_ledger\"";
    static final String M_EVENTS = "\"rift_l1\".\"m_events\"";
    static final String C_EVENTS = "\"rift_l1_public\".\"events\"";
    static final String SEQ_COPY = "\"rift_l1_public\".\"ticket_seq\"";

    private Fixture() {}

    static FakeUpstream upstream() {
        return new FakeUpstream()
                .table(ACCOUNTS, List.of(column("id", "integer"), column("owner", "text"), column("balance", "numeric")),
                        List.of(List.of("id"), List.of("owner")))
                .table(LEDGER, List.of(column("account_id", "integer"), column("seq", "integer"),
                        column("amount", "numeric")), List.of(List.of("account_id", "seq")))
                .table(EVENTS, List.of(column("kind", "text"), column("amount", "integer")), List.of())
                .relation(TICKET_SEQ, RelationKind.SEQUENCE)
                .view(BIG_ACCOUNTS, RelationKind.VIEW, ACCOUNTS)
                .view(ACCOUNT_TOTALS, RelationKind.MATERIALIZED_VIEW, ACCOUNTS)
                .table(AUDIT_ACCOUNTS, List.of(column("id", "integer"), column("note", "text")), List.of(List.of("id")))
                .table(AUDIT_ENTRIES, List.of(column("id", "integer")), List.of(List.of("id")))
                .references(LEDGER, ACCOUNTS);
    }

    static FakeOverlay overlay(FakeUpstream upstream) {
        return new FakeOverlay(upstream)
                .writable(new WriteTarget(ACCOUNTS, D_ACCOUNTS, Optional.of(CU_ACCOUNTS), "\"public\".\"accounts\"",
                        List.of("id"), "integer"), M_ACCOUNTS)
                .writable(new WriteTarget(LEDGER, D_LEDGER, Optional.of(CU_LEDGER), "\"public\".\"ledger\"",
                        List.of("account_id", "seq"), K_LEDGER), M_LEDGER)
                .writable(new WriteTarget(EVENTS, C_EVENTS, Optional.empty(), "\"public\".\"events\"",
                        List.of(), ""), M_EVENTS)
                .sequence(TICKET_SEQ, SEQ_COPY);
    }

    /** A session on branch {@code dev} as user {@code alice}, search_path {@code "$user", public}. */
    static final class Session implements SessionView {
        @Override
        public dev.rift.cow.BranchState freshState() {
            return overlay().state(branch());
        }

        final FakeUpstream upstream;
        final FakeOverlay overlay;
        List<String> searchPath = List.of("$user", "public");
        boolean extended;

        Session() {
            this.upstream = upstream();
            this.overlay = Fixture.overlay(upstream);
        }

        Session changed(TableId... tables) {
            for (TableId t : tables) {
                overlay.changed(t);
            }
            return this;
        }

        Session extended() {
            this.extended = true;
            return this;
        }

        Session searchPath(String... path) {
            this.searchPath = List.of(path);
            return this;
        }

        @Override
        public String branch() {
            return BRANCH;
        }

        @Override
        public BranchState state() {
            return overlay.state(BRANCH);
        }

        @Override
        public List<String> searchPath() {
            return searchPath;
        }

        @Override
        public List<String> defaultSearchPath() {
            return List.of("$user", "public");
        }

        @Override
        public String user() {
            return "alice";
        }

        @Override
        public Overlay overlay() {
            return overlay;
        }

        @Override
        public TableShapes shapes() {
            return upstream;
        }

        @Override
        public boolean extendedProtocol() {
            return extended;
        }
    }
}
