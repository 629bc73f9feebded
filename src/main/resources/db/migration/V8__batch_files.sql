-- Every file a batch-file feed delivered, once per content (SHA-256): what it held and what became
-- of it. lines_done is written in the same transaction as each chunk it loads, so a load cut short
-- (a crash, a restart) resumes after the last chunk committed.
CREATE TABLE batch_file (
    id              uuid PRIMARY KEY,
    feed_id         text NOT NULL REFERENCES feed(id),
    sha256          bytea NOT NULL,
    name            text NOT NULL,
    received_at     timestamptz NOT NULL,
    status          text NOT NULL,           -- loading, loaded
    lines_read      bigint NOT NULL DEFAULT 0,
    lines_done      bigint NOT NULL DEFAULT 0,
    lines_loaded    bigint NOT NULL DEFAULT 0,
    lines_rejected  bigint NOT NULL DEFAULT 0,
    items_retired   bigint NOT NULL DEFAULT 0,   -- a full extract: items the source no longer sends
    finished_at     timestamptz,
    UNIQUE (feed_id, sha256)
);
