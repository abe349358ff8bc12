-- The upstream of the escape suite: a small shop owned by ${owner} (not a superuser), written by ${dev}, read by
-- ${reader}; table secret holds values only ${owner} and superusers may read. Run by a superuser.
GRANT CREATE ON SCHEMA public TO ${owner};
SET ROLE ${owner};
CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, balance numeric NOT NULL DEFAULT 0);
CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id int NOT NULL REFERENCES customers,
    amount numeric NOT NULL CHECK (amount >= 0), note text);
CREATE TABLE audit (id bigserial PRIMARY KEY, msg text NOT NULL);
CREATE TABLE secret (id int PRIMARY KEY, note text NOT NULL);
CREATE TABLE payments (id serial PRIMARY KEY, customer_id int NOT NULL, amount numeric NOT NULL);
CREATE TABLE refunds (id serial PRIMARY KEY, order_id bigint NOT NULL, amount numeric NOT NULL);
CREATE SEQUENCE invoice_numbers START 1000;

CREATE FUNCTION bump_balance(cid int) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE b numeric;
BEGIN
    UPDATE customers SET balance = balance + 1 WHERE id = cid RETURNING balance INTO b;
    RETURN b;
END $$;
CREATE FUNCTION add_audit(m text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE i bigint;
BEGIN
    INSERT INTO audit (msg) VALUES (m) RETURNING id INTO i;
    RETURN i;
END $$;
CREATE FUNCTION wipe_audit() RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE n bigint;
BEGIN
    DELETE FROM audit;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;
CREATE FUNCTION next_invoice() RETURNS bigint LANGUAGE sql AS $$ SELECT nextval('invoice_numbers') $$;
CREATE FUNCTION audit_payment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit (msg) VALUES ('payment ' || NEW.id);
    RETURN NEW;
END $$;
CREATE PROCEDURE archive_audit() LANGUAGE sql AS $$ DELETE FROM audit $$;
CREATE TRIGGER payments_audit AFTER INSERT ON payments FOR EACH ROW EXECUTE FUNCTION audit_payment();
CREATE RULE refunds_audit AS ON INSERT TO refunds DO ALSO INSERT INTO audit (msg) VALUES ('refund ' || NEW.order_id);
-- Tables held whole for their triggers (issue 16), whose trigger functions reach for the upstream: schema-qualified,
-- through dynamic SQL, under their own search_path, and as SECURITY DEFINER (which keeps vouchers from writes).
CREATE FUNCTION ticket_qualified() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO public.audit (msg) VALUES ('ticket ' || NEW.label);
    UPDATE public.customers SET balance = 0 WHERE id = 1;
    RETURN NEW;
END $$;
CREATE FUNCTION ticket_dynamic() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('DELETE FROM %I.%I', 'public', 'audit');
    EXECUTE 'UPDATE public.customers SET balance = -1';
    RETURN NULL;
END $$;
CREATE FUNCTION ticket_own_path() RETURNS trigger LANGUAGE plpgsql SET search_path = public AS $$
BEGIN
    DELETE FROM audit;
    UPDATE customers SET balance = -2;
    RETURN NULL;
END $$;
CREATE FUNCTION voucher_definer() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    DELETE FROM audit;
    DELETE FROM secret;
    RETURN NEW;
END $$;
CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := '2030-01-01 00:00:00+00';
    RETURN NEW;
END $$;
CREATE TABLE tickets (id serial PRIMARY KEY, label text NOT NULL, during int4range,
    updated_at timestamptz, CONSTRAINT tickets_no_overlap EXCLUDE USING gist (during WITH &&));
CREATE UNIQUE INDEX tickets_label ON tickets (lower(label)) WHERE label <> 'any';
CREATE TRIGGER tickets_stamp BEFORE UPDATE ON tickets FOR EACH ROW EXECUTE FUNCTION stamp();
CREATE TRIGGER tickets_qualified BEFORE INSERT OR UPDATE ON tickets FOR EACH ROW WHEN (NEW.label = 'qualified')
    EXECUTE FUNCTION ticket_qualified();
CREATE TRIGGER tickets_dynamic AFTER INSERT OR UPDATE ON tickets FOR EACH ROW WHEN (NEW.label = 'dynamic')
    EXECUTE FUNCTION ticket_dynamic();
CREATE TRIGGER tickets_own_path AFTER INSERT OR UPDATE ON tickets FOR EACH ROW WHEN (NEW.label = 'path')
    EXECUTE FUNCTION ticket_own_path();
CREATE TRIGGER tickets_truncated AFTER TRUNCATE ON tickets FOR EACH STATEMENT EXECUTE FUNCTION ticket_dynamic();
CREATE TABLE vouchers (id serial PRIMARY KEY, code text NOT NULL);
CREATE TRIGGER vouchers_definer BEFORE INSERT OR UPDATE OR DELETE ON vouchers FOR EACH ROW
    EXECUTE FUNCTION voucher_definer();
CREATE VIEW customer_totals AS
    SELECT c.id, c.name, coalesce(sum(o.amount), 0) AS total FROM customers c LEFT JOIN orders o ON o.customer_id = c.id
    GROUP BY c.id, c.name;

INSERT INTO customers SELECT g, 'customer ' || g, 100 FROM generate_series(1, 10) g;
INSERT INTO orders (customer_id, amount, note) SELECT 1 + g % 10, g, 'order ' || g FROM generate_series(1, 20) g;
INSERT INTO secret VALUES (1, '${marker}-alpha'), (2, '${marker}-bravo'), (3, '${marker}-charlie');
SELECT add_audit('seeded');
INSERT INTO payments (customer_id, amount) VALUES (1, 10);
INSERT INTO refunds (order_id, amount) VALUES (1, 1);
INSERT INTO tickets (label, during) VALUES ('first', '[1,5)'), ('any', NULL), ('any', NULL);
ALTER TABLE vouchers DISABLE TRIGGER vouchers_definer;
INSERT INTO vouchers (code) VALUES ('v1');
ALTER TABLE vouchers ENABLE TRIGGER vouchers_definer;
SELECT lo_from_bytea(0, 'invoice 1000');

GRANT SELECT, INSERT, UPDATE, DELETE ON customers, orders, audit, payments, refunds, tickets, vouchers TO ${dev};
GRANT TRUNCATE ON tickets TO ${dev};
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${dev};
GRANT SELECT ON customers, orders, audit, payments, refunds, tickets, vouchers, customer_totals TO ${reader}, ${dev};
RESET ROLE;

-- Issue 16's guard (definer.attacks): a partitioned table, and a SECURITY DEFINER function owned by the superuser
-- that PUBLIC may execute (PostgreSQL's default), writing and altering the upstream through EXECUTE, as a careless
-- production database may have one. rift refuses the calls it sees; these attacks hide theirs in dynamic SQL.
CREATE TABLE ledger (id int NOT NULL, at date NOT NULL, amount numeric NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE ledger_2024 PARTITION OF ledger FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
INSERT INTO ledger VALUES (1, '2024-03-01', 5);
GRANT SELECT ON ledger, ledger_2024 TO ${reader}, ${dev};
CREATE FUNCTION fix_books(what text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    EXECUTE CASE what
        WHEN 'insert' THEN 'INSERT INTO public.customers VALUES (99, ''planted'', 0)'
        WHEN 'update' THEN 'UPDATE public.customers SET balance = 0'
        WHEN 'delete' THEN 'DELETE FROM public.refunds'
        WHEN 'truncate' THEN 'TRUNCATE public.refunds'
        WHEN 'replica' THEN 'SET session_replication_role = replica; DELETE FROM public.audit'
        WHEN 'disable' THEN 'ALTER TABLE public.audit DISABLE TRIGGER ALL; DELETE FROM public.audit'
        WHEN 'drop-guard' THEN 'DROP TRIGGER rift_guard ON public.audit; DELETE FROM public.audit'
        WHEN 'partition' THEN 'INSERT INTO public.ledger_2024 VALUES (2, ''2024-04-01'', 7)'
        WHEN 'partition-delete' THEN 'DELETE FROM public.ledger_2024'
        WHEN 'parent' THEN 'UPDATE public.ledger SET amount = 0'
        WHEN 'drop' THEN 'DROP TABLE public.refunds'
        WHEN 'alter' THEN 'ALTER TABLE public.customers ADD COLUMN planted int'
        WHEN 'create' THEN 'CREATE TABLE public.planted (a int)'
        WHEN 'late' THEN 'INSERT INTO public.late_notes VALUES (''planted'')'
        WHEN 'late-truncate' THEN 'TRUNCATE public.late_notes'
        WHEN 'nextval' THEN 'SELECT nextval(''public.invoice_numbers'')'
    END;
END $$;
