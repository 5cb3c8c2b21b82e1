"""The audit log's hash chain (ADR 0018), computed by the database inside the
INSERT, so the application can neither forge a link nor fork the chain.

- audit_event_canonical(row): the row's canonical text, a JSON array as
  PostgreSQL's jsonb writes it: [position, id, time (UTC, microseconds),
  actor id, actor username, action, object type, object id, organisation id,
  IP address, details]. blangkon/audit/chain.py builds the same text in
  Python to verify the chain without trusting these functions.
- hash = sha256(prev_hash || canonical text), hex; the first row's prev_hash
  is 64 zeros.
- audit_event_chain (BEFORE INSERT, each row) locks the one row of
  audit_auditchainhead, so inserts take their positions in one order: a
  second transaction waits for the first to commit (or, at REPEATABLE READ,
  fails with a serialization error) instead of linking to the same row. The
  previous row is the head, or the last row this transaction appended since
  the head last moved; audit_event_chain_head (AFTER INSERT, each statement)
  moves the head once per statement, not once per row, so a bulk insert
  does not rewrite the head row thousands of times.
- Both run as the owner (SECURITY DEFINER, fixed search_path): the
  application role may only read the head.

The rows already in the log are chained first, in id order, while the table
is locked against inserts (a server still running the previous release waits
for this migration to commit rather than writing unchained rows).
"""

from django.db import migrations

FORWARD = """
CREATE FUNCTION audit_event_canonical(e audit_auditevent) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_array(
        e.chain_seq, e.id,
        to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        e.actor_id, e.actor_username, e.action, e.object_type, e.object_id,
        e.organisation_id, host(e.ip_address), e.details
    )::text
$$;

CREATE FUNCTION audit_event_hash(prev_hash text, e audit_auditevent) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT encode(sha256(convert_to(prev_hash || audit_event_canonical(e), 'UTF8')), 'hex')
$$;

CREATE FUNCTION audit_event_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    head audit_auditchainhead;
    last_seq bigint;
    last_hash text;
BEGIN
    SELECT * INTO head FROM audit_auditchainhead WHERE id = 1 FOR UPDATE;
    IF NOT FOUND THEN
        -- A new log, or one whose head was emptied (the test runner's flush
        -- empties both): go on from its last row, or start.
        INSERT INTO audit_auditchainhead (id, seq, hash)
        SELECT 1, coalesce(max(chain_seq), 0),
               coalesce((SELECT hash FROM audit_auditevent ORDER BY chain_seq DESC LIMIT 1),
                        repeat('0', 64))
        FROM audit_auditevent
        ON CONFLICT (id) DO NOTHING;
        SELECT * INTO head FROM audit_auditchainhead WHERE id = 1 FOR UPDATE;
    END IF;
    -- Rows this transaction appended since the head last moved (this statement's).
    SELECT e.chain_seq, e.hash INTO last_seq, last_hash FROM audit_auditevent e
    WHERE e.chain_seq > head.seq ORDER BY e.chain_seq DESC LIMIT 1;
    IF NOT FOUND THEN
        last_seq := head.seq;
        last_hash := head.hash;
    END IF;
    NEW.chain_seq := last_seq + 1;
    NEW.prev_hash := last_hash;
    NEW.hash := audit_event_hash(last_hash, NEW);
    RETURN NEW;
END
$$;

CREATE FUNCTION audit_event_chain_head() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    UPDATE audit_auditchainhead h SET seq = e.chain_seq, hash = e.hash
    FROM (
        SELECT chain_seq, hash FROM audit_auditevent
        WHERE chain_seq > (SELECT seq FROM audit_auditchainhead WHERE id = 1)
        ORDER BY chain_seq DESC LIMIT 1
    ) e
    WHERE h.id = 1;
    RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION audit_event_canonical(audit_auditevent) FROM PUBLIC;
REVOKE ALL ON FUNCTION audit_event_hash(text, audit_auditevent) FROM PUBLIC;
REVOKE ALL ON FUNCTION audit_event_chain() FROM PUBLIC;
REVOKE ALL ON FUNCTION audit_event_chain_head() FROM PUBLIC;

LOCK TABLE audit_auditevent IN EXCLUSIVE MODE;
ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_update_or_delete;
DO $$
DECLARE
    e audit_auditevent;
    prev text := repeat('0', 64);
    n bigint := 0;
BEGIN
    FOR e IN SELECT * FROM audit_auditevent ORDER BY id LOOP
        n := n + 1;
        e.chain_seq := n;
        e.prev_hash := prev;
        e.hash := audit_event_hash(prev, e);
        UPDATE audit_auditevent SET chain_seq = e.chain_seq, prev_hash = e.prev_hash, hash = e.hash
        WHERE id = e.id;
        prev := e.hash;
    END LOOP;
    INSERT INTO audit_auditchainhead (id, seq, hash) VALUES (1, n, prev);
END
$$;
ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_no_update_or_delete;

CREATE TRIGGER audit_event_chain BEFORE INSERT ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_chain();
CREATE TRIGGER audit_event_chain_head AFTER INSERT ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_chain_head();
"""

BACKWARD = """
DROP TRIGGER audit_event_chain_head ON audit_auditevent;
DROP TRIGGER audit_event_chain ON audit_auditevent;
DELETE FROM audit_auditchainhead;
DROP FUNCTION audit_event_chain_head();
DROP FUNCTION audit_event_chain();
DROP FUNCTION audit_event_hash(text, audit_auditevent);
DROP FUNCTION audit_event_canonical(audit_auditevent);
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_hash_chain_fields")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
