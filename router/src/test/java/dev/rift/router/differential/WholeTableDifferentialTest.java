package dev.rift.router.differential;

import java.util.List;

/**
 * Tables a layer holds whole rather than as a delta (docs/overlay.md, the fallback): user triggers of every kind,
 * unique indexes on expressions or with predicates, deferrable and NULLS NOT DISTINCT unique keys, exclusion
 * constraints. Every write and read on them behaves on a branch as on a full copy: the triggers' side effects, their
 * WHEN conditions, statement-level firing and transition tables, and PostgreSQL's own constraint errors.
 */
class WholeTableDifferentialTest extends DifferentialSuite {

    @Override
    List<String> files() {
        return List.of("whole_tables.sql");
    }

    @Override
    String[] upstreamExtras() {
        return new String[] {
            // updated_at from a version counter rather than now(), so a branch and a copy agree on it.
            "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " NEW.version := OLD.version + 1;"
                    + " NEW.updated_at := timestamp '2030-01-01' + NEW.version * interval '1 hour'; RETURN NEW; END $$",
            "CREATE FUNCTION reject() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " RAISE EXCEPTION 'rejected by %', TG_NAME USING ERRCODE = 'P0001'; END $$",
            "CREATE FUNCTION at_most_three() RETURNS trigger LANGUAGE plpgsql AS $$ DECLARE n bigint; BEGIN"
                    + " SELECT count(*) INTO n FROM added;"
                    + " IF n > 3 THEN RAISE EXCEPTION 'at most 3 articles at once, got %', n; END IF; RETURN NULL; END $$",
            // Counts statement-level firings in a transaction-local setting the scenario reads back.
            "CREATE FUNCTION count_statements() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " PERFORM set_config('app.statements', (coalesce(nullif(current_setting('app.statements', true),"
                    + " ''), '0')::int + 1)::text, true); RETURN NULL; END $$",
            "CREATE TABLE articles (id integer PRIMARY KEY, title text NOT NULL, body text, version integer NOT NULL"
                    + " DEFAULT 0, updated_at timestamp NOT NULL DEFAULT timestamp '2029-01-01', tsv tsvector)",
            "CREATE TRIGGER articles_touch BEFORE UPDATE ON articles FOR EACH ROW EXECUTE FUNCTION touch()",
            "CREATE TRIGGER articles_tsv BEFORE INSERT OR UPDATE OF title, body ON articles FOR EACH ROW"
                    + " EXECUTE FUNCTION tsvector_update_trigger(tsv, 'pg_catalog.english', title, body)",
            "CREATE TRIGGER articles_no_empty BEFORE UPDATE ON articles FOR EACH ROW WHEN (NEW.title = '')"
                    + " EXECUTE FUNCTION reject()",
            "CREATE TRIGGER articles_at_most_three AFTER INSERT ON articles REFERENCING NEW TABLE AS added"
                    + " FOR EACH STATEMENT EXECUTE FUNCTION at_most_three()",
            "CREATE TRIGGER articles_statements AFTER UPDATE OR DELETE ON articles FOR EACH STATEMENT"
                    + " EXECUTE FUNCTION count_statements()",
            "INSERT INTO articles (id, title, body) VALUES (1, 'Cats', 'cats sleep all day'),"
                    + " (2, 'Dogs', 'dogs bark at the mailman'), (3, 'Birds', 'birds sing early')",
            "CREATE TRIGGER articles_off BEFORE INSERT ON articles FOR EACH ROW EXECUTE FUNCTION reject()",
            "ALTER TABLE articles DISABLE TRIGGER articles_off",
            "CREATE TABLE members (id integer PRIMARY KEY, email text NOT NULL, tenant integer, handle text,"
                    + " deleted_at timestamp, slot integer, CONSTRAINT members_slot_key UNIQUE (slot)"
                    + " DEFERRABLE INITIALLY DEFERRED)",
            "CREATE UNIQUE INDEX members_email_live ON members (lower(email)) WHERE deleted_at IS NULL",
            "CREATE UNIQUE INDEX members_handle ON members (tenant, lower(handle)) NULLS NOT DISTINCT",
            "CREATE INDEX members_deleted ON members (deleted_at) WHERE deleted_at IS NOT NULL",
            "INSERT INTO members VALUES (1, 'Ann@example.com', 1, 'ann', NULL, 1),"
                    + " (2, 'bob@example.com', 1, 'bob', NULL, 2),"
                    + " (3, 'carol@example.com', NULL, 'carol', timestamp '2024-01-01', 3),"
                    + " (4, 'old@example.com', 2, NULL, timestamp '2024-02-01', NULL)",
            "CREATE TABLE rooms (id integer PRIMARY KEY, room text NOT NULL, during int4range NOT NULL,"
                    + " CONSTRAINT rooms_no_overlap EXCLUDE USING gist (during WITH &&) WHERE (room <> 'hall'))",
            "INSERT INTO rooms VALUES (1, 'red', '[1,5)'), (2, 'hall', '[1,10)'), (3, 'blue', '[10,20)')"
        };
    }
}
