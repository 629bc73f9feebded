-- The key the service signs its own API tokens with (care-record.access.token-issuer): one row,
-- made on the first start and shared by every instance.
CREATE TABLE token_signing_key (
    id           text PRIMARY KEY,
    private_key  bytea NOT NULL,              -- PKCS#8
    public_key   bytea NOT NULL,              -- X.509 SubjectPublicKeyInfo
    created_at   timestamptz NOT NULL
);
CREATE UNIQUE INDEX token_signing_key_one ON token_signing_key ((true));
