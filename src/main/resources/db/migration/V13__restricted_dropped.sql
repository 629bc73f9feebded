-- Items a feed sent that fell under a restricted code list (decision 0015) and were not stored:
-- how many per feed and category, and when the last was. No person, no code, no content.
CREATE TABLE feed_restricted_dropped (
    feed_id          text NOT NULL REFERENCES feed(id),
    category         text NOT NULL,
    dropped          bigint NOT NULL DEFAULT 0,
    last_dropped_at  timestamptz NOT NULL,
    PRIMARY KEY (feed_id, category)
);

-- That an organisation sent a dropped item under a given name (the SHA-256 of "Type/source id" or
-- "Type?system|value"), so that a later delivery naming it loads with the reference made "not held"
-- instead of being refused. Nothing else about the item is kept.
CREATE TABLE restricted_dropped_key (
    organisation_code  text NOT NULL,
    key_sha256         bytea NOT NULL,
    PRIMARY KEY (organisation_code, key_sha256)
);
