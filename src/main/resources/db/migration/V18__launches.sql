-- In-context launches (decision 0018): a signed launch token opens the record once. Its jti is
-- claimed here per launching system, and the row kept until the token would be refused as expired
-- anyway; later launches purge the rows past that.
CREATE TABLE launch_token_used (
    system_id   text NOT NULL,
    jti         text NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz NOT NULL,
    PRIMARY KEY (system_id, jti)
);
CREATE INDEX launch_token_used_expiry ON launch_token_used (expires_at);
