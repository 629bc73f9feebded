-- Items a feed sent that fell under a restricted code list (decision 0015) and were not stored:
-- how many per feed and category, and when the last was. No person, no code, no content.
CREATE TABLE feed_restricted_dropped (
    feed_id          text NOT NULL REFERENCES feed(id),
    category         text NOT NULL,
    dropped          bigint NOT NULL DEFAULT 0,
    last_dropped_at  timestamptz NOT NULL,
    PRIMARY KEY (feed_id, category)
);
