-- Emergency access ("break-glass") to sensitive information a role does not normally see: who, for
-- whom, why, from when until when. Always reported to privacy officers (the audit log holds it too).
CREATE TABLE break_glass (
    id           uuid PRIMARY KEY,
    user_id      text NOT NULL,
    person_id    uuid NOT NULL,
    reason       text NOT NULL,
    started_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL
);
CREATE INDEX break_glass_user_person ON break_glass (user_id, person_id, expires_at);
