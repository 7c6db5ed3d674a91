-- The field-encryption key ring (data keys wrapped by the master key, which lives in a file, never here) and TOTP.

CREATE TABLE encryption_keys (
    version     integer     PRIMARY KEY CHECK (version > 0),
    wrapped_key bytea       NOT NULL,
    created_at  timestamptz NOT NULL,
    retired_at  timestamptz NULL
);

-- The TOTP seed is encrypted under the key ring with the account id as associated data. last_step makes every
-- accepted code single-use, across nodes: a code is accepted only by the UPDATE that raises last_step past it.
CREATE TABLE account_totp (
    account_id   uuid        PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    secret       bytea       NOT NULL,
    confirmed_at timestamptz NULL,
    last_step    bigint      NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL
);

CREATE TABLE account_recovery_codes (
    account_id uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    code_hash  bytea       NOT NULL CHECK (length(code_hash) = 32),
    created_at timestamptz NOT NULL,
    used_at    timestamptz NULL,
    PRIMARY KEY (account_id, code_hash)
);
