-- API keys: account-scoped (global). Only the SHA-256 of a key is stored, looked up through its unique index.

CREATE TABLE api_keys (
    id            uuid        PRIMARY KEY,
    account_id    uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    prefix        text        NOT NULL CHECK (prefix ~ '^[0-9a-f]{8}$'),
    key_hash      bytea       NOT NULL UNIQUE CHECK (length(key_hash) = 32),
    scopes        text[]      NOT NULL CHECK (scopes <@ ARRAY['read', 'write', 'admin'] AND cardinality(scopes) > 0),
    workspace_ids uuid[]      NULL,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NULL,
    last_used_at  timestamptz NULL,
    revoked_at    timestamptz NULL
);

CREATE INDEX api_keys_by_account ON api_keys (account_id, created_at DESC);
