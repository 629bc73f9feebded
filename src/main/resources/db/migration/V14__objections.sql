-- The register of people who have objected to their information being shared through the record
-- (issue 5): who recorded it and when, on whose decision (the person, 16 or over; for a child under
-- 16, a parent or the child when competent), and its withdrawal. At most one standing objection per
-- person; a withdrawn one stays, for the record.
CREATE TABLE objection (
    id               uuid PRIMARY KEY,
    person_id        uuid NOT NULL REFERENCES person(id),
    basis            text NOT NULL CHECK (basis IN ('self', 'parent', 'competent-child')),
    note             text,
    recorded_by      text NOT NULL,
    recorded_at      timestamptz NOT NULL,
    withdrawn_by     text,
    withdrawn_at     timestamptz,
    withdrawal_note  text
);
CREATE UNIQUE INDEX objection_standing ON objection (person_id) WHERE withdrawn_at IS NULL;
