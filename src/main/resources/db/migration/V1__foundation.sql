-- Foundation schema: sources, person index, clinical store, quarantine.
-- Clinical tables are keyed by person first: opening a record is one index range scan,
-- and the store can later be distributed by person_id.

CREATE TABLE source_organisation (
    code        text PRIMARY KEY,            -- ODS-style organisation code
    name        text NOT NULL,
    kind        text NOT NULL,               -- gp-practice, acute-trust, community, mental-health, hospice, ambulance, social-care
    phone       text,
    email       text,
    address     text
);

CREATE TABLE feed (
    id                  text PRIMARY KEY,
    organisation_code   text NOT NULL REFERENCES source_organisation(code),
    name                text NOT NULL,
    kind                text NOT NULL,       -- fhir-push for now
    token_sha256        bytea NOT NULL UNIQUE,
    reject_out_of_scope boolean NOT NULL DEFAULT false,
    last_received_at    timestamptz,
    last_loaded_at      timestamptz
);

-- How many entries of a type outside the record's scope a feed sent and we skipped.
CREATE TABLE feed_skipped_type (
    feed_id         text NOT NULL REFERENCES feed(id),
    resource_type   text NOT NULL,
    skipped         bigint NOT NULL DEFAULT 0,
    last_skipped_at timestamptz NOT NULL,
    PRIMARY KEY (feed_id, resource_type)
);

CREATE TABLE person (
    id          uuid PRIMARY KEY,
    nhs_number  text UNIQUE,                 -- verified (Modulus 11) or null
    created_at  timestamptz NOT NULL
);

-- One source's record of a person, as that source sent it (a FHIR Patient).
CREATE TABLE source_record (
    id                  uuid PRIMARY KEY,
    person_id           uuid NOT NULL REFERENCES person(id),
    organisation_code   text NOT NULL REFERENCES source_organisation(code),
    feed_id             text NOT NULL REFERENCES feed(id),
    source_id           text NOT NULL,       -- the source's own resource id
    nhs_number          text,                -- verified (Modulus 11) or null
    family_name         text,                -- as sent
    given_names         text[] NOT NULL DEFAULT '{}', -- as sent
    family              text,                -- normalised (lower case, no accents or apostrophes), for search
    family_phonetic     text[] NOT NULL DEFAULT '{}', -- Double Metaphone of each part of the family name
    given               text,                -- normalised, space separated
    birth_date          date,
    gender              text,
    postcode            text,                -- upper case, no spaces
    address_line        text,                -- first line, as sent
    version             int NOT NULL,
    content_sha256      bytea NOT NULL,
    recorded_at         timestamptz,
    received_at         timestamptz NOT NULL,
    resource            jsonb NOT NULL,
    UNIQUE (organisation_code, source_id)
);
CREATE INDEX source_record_person ON source_record (person_id);
CREATE INDEX source_record_birth_date ON source_record (birth_date);
CREATE INDEX source_record_family_phonetic ON source_record USING gin (family_phonetic);
CREATE INDEX source_record_postcode ON source_record (postcode);

-- Identifiers a source uses for its record of a person (MRN, NHS number, social care id...).
CREATE TABLE source_record_identifier (
    organisation_code   text NOT NULL,
    system              text NOT NULL,
    value               text NOT NULL,
    source_record_id    uuid NOT NULL REFERENCES source_record(id),
    PRIMARY KEY (organisation_code, system, value)
);
CREATE INDEX source_record_identifier_value ON source_record_identifier (value, system);
CREATE INDEX source_record_identifier_record ON source_record_identifier (source_record_id);

-- Blocking keys of each source record: matching looks up candidates by key, never scanning the index.
CREATE TABLE match_key (
    key                 text NOT NULL,
    source_record_id    uuid NOT NULL REFERENCES source_record(id),
    PRIMARY KEY (key, source_record_id)
);
CREATE INDEX match_key_record ON match_key (source_record_id);

-- Every link, unlink and review decision about a source record, with who or what made it, when,
-- why, the score and the field-by-field evidence. Append-only.
CREATE TABLE link_event (
    id                  uuid PRIMARY KEY,
    source_record_id    uuid NOT NULL REFERENCES source_record(id),
    person_id           uuid,                -- the person it was linked to (or left) by this event
    action              text NOT NULL,       -- linked, new-person, possible-match, relinked, unlinked, confirmed, rejected, merged
    decided_by          text NOT NULL,       -- 'matcher', 'nhs-number', a reviewer, a feed
    decided_at          timestamptz NOT NULL,
    score               double precision,
    reason              text,
    evidence            jsonb
);
CREATE INDEX link_event_record ON link_event (source_record_id, decided_at);
CREATE INDEX link_event_person ON link_event (person_id, decided_at);

-- Possible matches waiting for a person to decide. A rejection holds for the pair until the
-- source record's content changes.
CREATE TABLE match_review (
    id                  uuid PRIMARY KEY,
    source_record_id    uuid NOT NULL REFERENCES source_record(id),
    candidate_person_id uuid NOT NULL REFERENCES person(id),
    score               double precision NOT NULL,
    reason              text,
    evidence            jsonb NOT NULL,
    record_sha256       bytea NOT NULL,      -- the source record's content when the question was asked
    status              text NOT NULL,       -- open, confirmed, rejected, superseded
    opened_at           timestamptz NOT NULL,
    decided_by          text,
    decided_at          timestamptz,
    note                text
);
CREATE UNIQUE INDEX match_review_open ON match_review (source_record_id, candidate_person_id) WHERE status = 'open';
CREATE INDEX match_review_status ON match_review (status, opened_at);

-- Earlier versions of source records.
CREATE TABLE source_record_version (
    source_record_id    uuid NOT NULL,
    version             int NOT NULL,
    received_at         timestamptz NOT NULL,
    resource            jsonb NOT NULL,
    PRIMARY KEY (source_record_id, version)
);

-- Clinical items: one row per item, current version. resource holds the FHIR R4 JSON
-- without its resourceType (kept in resource_type so output can put it first).
CREATE TABLE clinical_item (
    person_id           uuid NOT NULL,
    id                  uuid NOT NULL,
    resource_type       text NOT NULL,
    source_record_id    uuid NOT NULL,
    organisation_code   text NOT NULL,
    feed_id             text NOT NULL,
    source_id           text NOT NULL,
    source_version      text,
    version             int NOT NULL,
    category            text[] NOT NULL,
    codes               text[] NOT NULL,
    effective           timestamptz,
    recorded_at         timestamptz,
    received_at         timestamptz NOT NULL,
    author              text,
    sensitivity         text NOT NULL DEFAULT 'normal',
    retired             boolean NOT NULL DEFAULT false,
    content_sha256      bytea NOT NULL,
    resource            jsonb NOT NULL,
    PRIMARY KEY (person_id, id)
);
-- Only three indexes, each paid for on every insert: the primary key serves the record and every
-- search within it (a person's rows are few enough to filter), this one serves reads by id, and
-- the last lets a source's resend find what it sent before.
CREATE INDEX clinical_item_by_id ON clinical_item (id);
CREATE UNIQUE INDEX clinical_item_source ON clinical_item (organisation_code, resource_type, source_id);

-- Superseded and retired versions of clinical items.
CREATE TABLE clinical_item_version (
    person_id           uuid NOT NULL,
    id                  uuid NOT NULL,
    version             int NOT NULL,
    resource_type       text NOT NULL,
    source_version      text,
    received_at         timestamptz NOT NULL,
    retired             boolean NOT NULL,
    resource            jsonb NOT NULL,
    PRIMARY KEY (person_id, id, version)
);

-- Things items point at, held per source: Organization, Practitioner, PractitionerRole,
-- Location, Medication.
CREATE TABLE shared_resource (
    id                  uuid PRIMARY KEY,
    resource_type       text NOT NULL,
    organisation_code   text NOT NULL,
    feed_id             text NOT NULL,
    source_id           text NOT NULL,
    identifiers         text[] NOT NULL,     -- 'system|value'
    version             int NOT NULL,
    content_sha256      bytea NOT NULL,
    received_at         timestamptz NOT NULL,
    retired             boolean NOT NULL DEFAULT false,
    resource            jsonb NOT NULL,
    UNIQUE (organisation_code, resource_type, source_id)
);
CREATE INDEX shared_resource_identifiers ON shared_resource USING gin (identifiers);

CREATE TABLE shared_resource_version (
    id                  uuid NOT NULL,
    version             int NOT NULL,
    received_at         timestamptz NOT NULL,
    resource            jsonb NOT NULL,
    PRIMARY KEY (id, version)
);

-- Everything a feed sent that could not be used, kept whole with the reason.
CREATE TABLE quarantine (
    id              uuid PRIMARY KEY,
    feed_id         text,                    -- null when the sender could not be identified
    received_at     timestamptz NOT NULL,
    reason          text NOT NULL,
    content_type    text,
    payload         bytea NOT NULL,
    payload_truncated boolean NOT NULL DEFAULT false
);
CREATE INDEX quarantine_feed ON quarantine (feed_id, received_at);
