-- The staff register (decision 0017): what the staff record (in the NHS, the Electronic Staff Record)
-- says about each user, keyed by the id they sign in with (the audit entries' actor_user_id), so that
-- the privacy reports can find a user opening their own record, or one of someone who shares their
-- surname or address. Every field but the user id is optional. The keys are what the reports compare.
CREATE TABLE staff_member (
    user_id        text PRIMARY KEY,
    nhs_number     text,                       -- verified (Modulus 11), ten digits
    family_name    text,                       -- as given
    family_key     text,                       -- letters only, lower case, no accents
    address_lines  text[] NOT NULL DEFAULT '{}', -- home address lines as given, first line first
    address_key    text,                       -- the first line: upper case, no punctuation, street words written out
    postcode       text,                       -- upper case, no spaces (as source_record.postcode)
    loaded_by      text NOT NULL,              -- who loaded the entry (the signed-in user)
    loaded_at      timestamptz NOT NULL
);
