-- The access log: append-only and tamper-evident (decision 0014). Each entry carries the SHA-256 of the
-- entry before it (prev_hash) and its own (hash), computed by the service over every stored field; the
-- one-row audit_head names the last entry, so deleting the newest entries is seen too. details is the
-- canonical JSON text exactly as hashed (text, not jsonb, which would reorder keys and respell numbers;
-- cast it with details::jsonb to query it).
CREATE TABLE audit_event (
    seq                bigint PRIMARY KEY,          -- 1, 2, 3, ... without gaps: given under the head's lock
    id                 uuid NOT NULL,
    recorded_at        timestamptz NOT NULL,        -- the database's clock, to the microsecond
    actor_user_id      text NOT NULL,
    actor_name         text,
    actor_role         text,
    actor_organisation text,
    actor_client_id    text,
    actor_channel      text,                        -- page, api, system
    actor_session      text,
    actor_address      text,
    action             text NOT NULL,
    outcome            text NOT NULL,               -- allowed, denied
    person_id          uuid,
    reason_code        text,
    reason_text        text,
    relationship       text,
    details            text,
    prev_hash          bytea NOT NULL,
    hash               bytea NOT NULL
);
-- a person's access history, newest first
CREATE INDEX audit_event_person ON audit_event (person_id, recorded_at, seq) WHERE person_id IS NOT NULL;
-- privacy reports over a period, all actions or some (break-glass, access.denied)
CREATE INDEX audit_event_time ON audit_event (recorded_at, seq);
CREATE INDEX audit_event_action ON audit_event (action, recorded_at, seq);

CREATE TABLE audit_head (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    seq       bigint NOT NULL,                      -- the last entry's seq; 0 before the first
    hash      bytea NOT NULL                        -- the last entry's hash; 32 zero bytes before the first
);
INSERT INTO audit_head (singleton, seq, hash) VALUES (true, 0, decode(repeat('00', 32), 'hex'));

-- Nothing the application runs can change or remove an entry, or the head, other than by appending.
-- Someone with the rights to disable these triggers could; verification then finds what they did.
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % on % is refused', TG_OP, TG_TABLE_NAME;
END
$$;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_head_kept BEFORE DELETE OR TRUNCATE ON audit_head
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- The head moves one entry at a time, and only to an entry that follows it: an entry inserted with any
-- other seq or previous hash is refused, and the head always names the last entry.
CREATE FUNCTION audit_head_moves_on() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.seq <> OLD.seq + 1 THEN
        RAISE EXCEPTION 'the audit log''s head moves one entry at a time, not from % to %', OLD.seq, NEW.seq;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER audit_head_one_step BEFORE UPDATE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION audit_head_moves_on();

CREATE FUNCTION audit_event_moves_head() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE audit_head SET seq = NEW.seq, hash = NEW.hash WHERE seq = NEW.seq - 1 AND hash = NEW.prev_hash;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'audit entry % does not follow the head of the audit log', NEW.seq;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER audit_event_moves_head AFTER INSERT ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_moves_head();
