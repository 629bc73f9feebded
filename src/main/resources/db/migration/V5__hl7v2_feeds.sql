-- HL7 v2 feeds over MLLP: named by their sending facility (MSH-4), with no bearer token.
ALTER TABLE feed ALTER COLUMN token_sha256 DROP NOT NULL;
ALTER TABLE feed ADD COLUMN sending_facility text UNIQUE;

-- Every HL7 v2 message applied, by its control id (MSH-10) per feed: a resent message is
-- acknowledged and stored once. Written in the same transaction as what the message changed.
CREATE TABLE hl7_message (
    feed_id         text NOT NULL REFERENCES feed(id),
    control_id      text NOT NULL,
    message_type    text NOT NULL,
    received_at     timestamptz NOT NULL,
    PRIMARY KEY (feed_id, control_id)
);
