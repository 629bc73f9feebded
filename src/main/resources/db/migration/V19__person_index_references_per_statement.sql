-- The person index's references are checked once per statement instead of once per row (decision 0020).
--
-- A chunk of a batch file writes its new source records in one statement, about ten rows of
-- match_key, source_record_identifier and link_event each, and a foreign key checks every one of
-- them with a query of its own: measured with auto_explain, those checks took about two thirds of
-- the statement (some 70 us a row; 1 ms of a new record's 1.5 ms). The same rules hold, checked
-- set-wise: after each statement, every key, identifier and decision it added or changed must name a
-- source record that exists, and every source record its person, feed and organisation; a source
-- record, person, feed or organisation still named cannot be deleted, and none of their ids ever
-- changes (clinical items name them too, without a foreign key). Nothing deletes any of them (a
-- source's record is never destroyed; feeds and organisations are deactivated).

ALTER TABLE match_key DROP CONSTRAINT match_key_source_record_id_fkey;
ALTER TABLE source_record_identifier DROP CONSTRAINT source_record_identifier_source_record_id_fkey;
ALTER TABLE link_event DROP CONSTRAINT link_event_source_record_id_fkey;
ALTER TABLE source_record DROP CONSTRAINT source_record_person_id_fkey,
    DROP CONSTRAINT source_record_feed_id_fkey, DROP CONSTRAINT source_record_organisation_code_fkey;

-- child side: rows added or changed by one statement, checked together
CREATE FUNCTION refuse_unknown_source_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM (SELECT DISTINCT source_record_id FROM changed) c
               WHERE NOT EXISTS (SELECT 1 FROM source_record r WHERE r.id = c.source_record_id)) THEN
        RAISE EXCEPTION 'insert or update on table "%" names a source record that does not exist', TG_TABLE_NAME
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION refuse_unknown_person_feed_or_organisation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM (SELECT DISTINCT person_id FROM changed) c
               WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.id = c.person_id))
       OR EXISTS (SELECT 1 FROM (SELECT DISTINCT feed_id FROM changed) c
               WHERE NOT EXISTS (SELECT 1 FROM feed f WHERE f.id = c.feed_id))
       OR EXISTS (SELECT 1 FROM (SELECT DISTINCT organisation_code FROM changed) c
               WHERE NOT EXISTS (SELECT 1 FROM source_organisation o WHERE o.code = c.organisation_code)) THEN
        RAISE EXCEPTION 'insert or update on table "%" names a person, feed or organisation that does not exist',
            TG_TABLE_NAME USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER match_key_source_record_added AFTER INSERT ON match_key
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION refuse_unknown_source_record();
CREATE TRIGGER match_key_source_record_changed AFTER UPDATE ON match_key
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION refuse_unknown_source_record();
CREATE TRIGGER source_record_identifier_source_record_added AFTER INSERT ON source_record_identifier
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION refuse_unknown_source_record();
CREATE TRIGGER source_record_identifier_source_record_changed AFTER UPDATE ON source_record_identifier
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION refuse_unknown_source_record();
CREATE TRIGGER link_event_source_record_added AFTER INSERT ON link_event
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION refuse_unknown_source_record();
CREATE TRIGGER link_event_source_record_changed AFTER UPDATE ON link_event
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION refuse_unknown_source_record();
CREATE TRIGGER source_record_references_added AFTER INSERT ON source_record
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION refuse_unknown_person_feed_or_organisation();
CREATE TRIGGER source_record_references_changed AFTER UPDATE ON source_record
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION refuse_unknown_person_feed_or_organisation();

-- parent side: a source record or person still named cannot go, and ids never change
CREATE FUNCTION refuse_deleting_named_source_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM removed o WHERE EXISTS (SELECT 1 FROM match_key k WHERE k.source_record_id = o.id)
               OR EXISTS (SELECT 1 FROM source_record_identifier i WHERE i.source_record_id = o.id)
               OR EXISTS (SELECT 1 FROM link_event e WHERE e.source_record_id = o.id)) THEN
        RAISE EXCEPTION 'delete on table "source_record" removes a source record that is still named'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION refuse_deleting_named_person() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM removed o WHERE EXISTS (SELECT 1 FROM source_record r WHERE r.person_id = o.id)) THEN
        RAISE EXCEPTION 'delete on table "person" removes a person that source records still name'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION refuse_deleting_named_feed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM removed o WHERE EXISTS (SELECT 1 FROM source_record r WHERE r.feed_id = o.id)) THEN
        RAISE EXCEPTION 'delete on table "feed" removes a feed that source records still name'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION refuse_deleting_named_organisation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM removed o WHERE EXISTS (SELECT 1 FROM source_record r WHERE r.organisation_code = o.code)) THEN
        RAISE EXCEPTION 'delete on table "source_organisation" removes an organisation that source records still name'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION refuse_changing_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the id of a row of "%" never changes', TG_TABLE_NAME USING ERRCODE = 'foreign_key_violation';
END $$;

CREATE TRIGGER source_record_named_removed AFTER DELETE ON source_record
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION refuse_deleting_named_source_record();
CREATE TRIGGER person_named_removed AFTER DELETE ON person
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION refuse_deleting_named_person();
CREATE TRIGGER source_record_id_unchanged BEFORE UPDATE OF id ON source_record
    FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION refuse_changing_id();
CREATE TRIGGER person_id_unchanged BEFORE UPDATE OF id ON person
    FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION refuse_changing_id();
CREATE TRIGGER feed_named_removed AFTER DELETE ON feed
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION refuse_deleting_named_feed();
CREATE TRIGGER source_organisation_named_removed AFTER DELETE ON source_organisation
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION refuse_deleting_named_organisation();
CREATE TRIGGER feed_id_unchanged BEFORE UPDATE OF id ON feed
    FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION refuse_changing_id();
CREATE TRIGGER source_organisation_code_unchanged BEFORE UPDATE OF code ON source_organisation
    FOR EACH ROW WHEN (OLD.code IS DISTINCT FROM NEW.code) EXECUTE FUNCTION refuse_changing_id();
