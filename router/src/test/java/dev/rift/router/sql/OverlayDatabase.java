package dev.rift.router.sql;

import dev.rift.storage.testing.TestUpstream;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL database holding {@link Fixture}'s upstream relations and, made by hand under the engine's
 * names (docs/overlay.md), layer 1 of branch {@code dev}: for each PK table the delta D
 * ({@code rift_l1_public.<table>}), the shadow S ({@code rift_l1.s_<table>}), the merged view M
 * ({@code rift_l1.m_<table>}), the copy-up function and a trigger that does what the engine's does for keys;
 * for {@code events} (no PK) a copy; the branch's copy of {@code ticket_seq}. The layer starts empty, so a new
 * database is a branch identical to its upstream.
 */
final class OverlayDatabase {
    private static final String UPSTREAM = """
            CREATE TABLE public.accounts (id int PRIMARY KEY, owner text NOT NULL UNIQUE,
                                          balance numeric NOT NULL DEFAULT 0);
            INSERT INTO public.accounts VALUES (1, 'ann', 100), (2, 'bob', 50), (3, 'cy', 0), (4, 'dee', 75);
            CREATE TABLE public.ledger (account_id int NOT NULL REFERENCES public.accounts, seq int NOT NULL,
                                        amount numeric, PRIMARY KEY (account_id, seq));
            INSERT INTO public.ledger VALUES (1, 1, 10), (1, 2, 20), (2, 1, 5), (4, 1, 7);
            CREATE TABLE public.events (kind text, amount int);
            INSERT INTO public.events VALUES ('open', 1), ('close', 2), ('open', 3);
            CREATE SEQUENCE public.ticket_seq START 100;
            CREATE VIEW public.big_accounts AS SELECT * FROM public.accounts WHERE balance > 60;
            CREATE MATERIALIZED VIEW public.account_totals AS
                SELECT count(*) AS n, sum(balance) AS total FROM public.accounts;
            CREATE SCHEMA audit;
            CREATE TABLE audit.accounts (id int PRIMARY KEY, note text);
            INSERT INTO audit.accounts VALUES (1, 'audited');
            CREATE TABLE audit.entries (id int PRIMARY KEY);
            """;

    private static final String LAYER = """
            CREATE SCHEMA rift_l1;
            CREATE SCHEMA rift_l1_public;

            CREATE TABLE rift_l1_public.accounts (id int NOT NULL, owner text NOT NULL,
                balance numeric NOT NULL DEFAULT 0,
                CONSTRAINT accounts_pkey PRIMARY KEY (id), CONSTRAINT accounts_owner_key UNIQUE (owner));
            CREATE TABLE rift_l1.s_accounts (id int PRIMARY KEY);
            CREATE VIEW rift_l1.m_accounts AS
                SELECT id, owner, balance FROM rift_l1_public.accounts
                UNION ALL
                SELECT b.id, b.owner, b.balance FROM public.accounts b
                 WHERE NOT EXISTS (SELECT 1 FROM rift_l1.s_accounts s WHERE s.id = b.id);
            CREATE FUNCTION rift_l1.cu_accounts(keys integer[]) RETURNS bigint LANGUAGE plpgsql AS $f$
            DECLARE claimed integer[]; n bigint;
            BEGIN
                WITH k AS (INSERT INTO rift_l1.s_accounts SELECT DISTINCT u FROM unnest(keys) u
                           ON CONFLICT DO NOTHING RETURNING id)
                SELECT array_agg(id) INTO claimed FROM k;
                INSERT INTO rift_l1_public.accounts
                    SELECT b.id, b.owner, b.balance FROM public.accounts b WHERE b.id = ANY (claimed);
                GET DIAGNOSTICS n = ROW_COUNT;
                RETURN n;
            END $f$;
            CREATE FUNCTION rift_l1.tg_accounts() RETURNS trigger LANGUAGE plpgsql AS $f$
            BEGIN
                IF TG_OP = 'INSERT' OR NEW.id IS DISTINCT FROM OLD.id THEN
                    IF NOT EXISTS (SELECT 1 FROM rift_l1.s_accounts s WHERE s.id = NEW.id)
                       AND EXISTS (SELECT 1 FROM public.accounts b WHERE b.id = NEW.id) THEN
                        RAISE EXCEPTION USING ERRCODE = 'unique_violation',
                            MESSAGE = 'duplicate key value violates unique constraint "accounts_pkey"',
                            DETAIL = format('Key (id)=(%s) already exists.', NEW.id);
                    END IF;
                    INSERT INTO rift_l1.s_accounts VALUES (NEW.id) ON CONFLICT DO NOTHING;
                END IF;
                IF EXISTS (SELECT 1 FROM public.accounts b WHERE b.owner = NEW.owner AND b.id <> NEW.id
                           AND NOT EXISTS (SELECT 1 FROM rift_l1.s_accounts s WHERE s.id = b.id)) THEN
                    RAISE EXCEPTION USING ERRCODE = 'unique_violation',
                        MESSAGE = 'duplicate key value violates unique constraint "accounts_owner_key"',
                        DETAIL = format('Key (owner)=(%s) already exists.', NEW.owner);
                END IF;
                RETURN NEW;
            END $f$;
            CREATE TRIGGER keys BEFORE INSERT OR UPDATE ON rift_l1_public.accounts
                FOR EACH ROW EXECUTE FUNCTION rift_l1.tg_accounts();

            CREATE TYPE rift_l1.k_ledger AS (account_id int, seq int);
            CREATE TABLE rift_l1_public.ledger (account_id int NOT NULL, seq int NOT NULL, amount numeric,
                CONSTRAINT ledger_pkey PRIMARY KEY (account_id, seq));
            CREATE TABLE rift_l1.s_ledger (account_id int, seq int, PRIMARY KEY (account_id, seq));
            CREATE VIEW rift_l1.m_ledger AS
                SELECT account_id, seq, amount FROM rift_l1_public.ledger
                UNION ALL
                SELECT b.account_id, b.seq, b.amount FROM public.ledger b
                 WHERE NOT EXISTS (SELECT 1 FROM rift_l1.s_ledger s
                                    WHERE s.account_id = b.account_id AND s.seq = b.seq);
            CREATE FUNCTION rift_l1.cu_ledger(keys rift_l1.k_ledger[]) RETURNS bigint LANGUAGE plpgsql AS $f$
            DECLARE claimed rift_l1.k_ledger[]; n bigint;
            BEGIN
                WITH k AS (INSERT INTO rift_l1.s_ledger SELECT DISTINCT u.account_id, u.seq FROM unnest(keys) u
                           ON CONFLICT DO NOTHING RETURNING account_id, seq)
                SELECT array_agg(ROW(account_id, seq)::rift_l1.k_ledger) INTO claimed FROM k;
                INSERT INTO rift_l1_public.ledger
                    SELECT b.* FROM public.ledger b
                     WHERE ROW(b.account_id, b.seq)::rift_l1.k_ledger = ANY (claimed);
                GET DIAGNOSTICS n = ROW_COUNT;
                RETURN n;
            END $f$;
            CREATE FUNCTION rift_l1.tg_ledger() RETURNS trigger LANGUAGE plpgsql AS $f$
            BEGIN
                IF NOT EXISTS (SELECT 1 FROM rift_l1.s_ledger s WHERE s.account_id = NEW.account_id AND s.seq = NEW.seq)
                   AND EXISTS (SELECT 1 FROM public.ledger b WHERE b.account_id = NEW.account_id AND b.seq = NEW.seq)
                THEN
                    RAISE EXCEPTION USING ERRCODE = 'unique_violation',
                        MESSAGE = 'duplicate key value violates unique constraint "ledger_pkey"';
                END IF;
                INSERT INTO rift_l1.s_ledger VALUES (NEW.account_id, NEW.seq) ON CONFLICT DO NOTHING;
                RETURN NEW;
            END $f$;
            CREATE TRIGGER keys BEFORE INSERT OR UPDATE ON rift_l1_public.ledger
                FOR EACH ROW EXECUTE FUNCTION rift_l1.tg_ledger();

            CREATE TABLE rift_l1_public.events AS TABLE public.events;
            CREATE VIEW rift_l1.m_events AS SELECT kind, amount FROM rift_l1_public.events;

            CREATE SEQUENCE rift_l1_public.ticket_seq START 100;
            """;

    private OverlayDatabase() {}

    /** A new database with the upstream relations and branch {@code dev}'s empty layer; returns its name. */
    static String create(TestUpstream pg) throws SQLException {
        String db = pg.createDatabase();
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute(UPSTREAM);
            s.execute(LAYER);
        }
        return db;
    }
}
