-- Accounts, their sign-in providers, and server-side sessions. Global by design (an account spans workspaces).

CREATE TABLE accounts (
    id               uuid        PRIMARY KEY,
    email            text        NOT NULL CHECK (length(email) BETWEEN 3 AND 320),
    email_normalized text        NOT NULL UNIQUE,
    display_name     text        NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    status           text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    password_hash    text        NULL,
    created_at       timestamptz NOT NULL,
    version          integer     NOT NULL DEFAULT 1
);

CREATE TABLE account_logins (
    provider       text        NOT NULL,
    subject        text        NOT NULL,
    account_id     uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    email          text        NULL,
    linked_at      timestamptz NOT NULL,
    PRIMARY KEY (provider, subject)
);

CREATE INDEX account_logins_account ON account_logins (account_id);

-- The cookie holds a random secret; only its SHA-256 is stored (id_hash). The uuid is the session's public name.
CREATE TABLE sessions (
    id                  uuid        PRIMARY KEY,
    id_hash             bytea       NOT NULL UNIQUE CHECK (length(id_hash) = 32),
    account_id          uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    provider            text        NOT NULL,
    created_at          timestamptz NOT NULL,
    last_seen_at        timestamptz NOT NULL,
    expires_at          timestamptz NOT NULL,
    absolute_expires_at timestamptz NOT NULL,
    revoked_at          timestamptz NULL,
    revoked_reason      text        NULL,
    ip                  inet        NULL,
    user_agent          text        NULL
);

CREATE INDEX sessions_live_by_account ON sessions (account_id) WHERE revoked_at IS NULL;

ALTER TABLE audit.security_events
    ADD COLUMN actor_account_id uuid NULL,
    ADD COLUMN provider         text NULL,
    ADD COLUMN reason           text NULL;
