-- The grain runtime's own tables. Global by design: no workspace_id, no row-level security.

CREATE TABLE grain_reminders (
    grain_type       text        NOT NULL,
    grain_key        text        NOT NULL,
    name             text        NOT NULL,
    due_at           timestamptz NOT NULL,
    period_ms        bigint      NULL CHECK (period_ms > 0),
    lease_owner      uuid        NULL,
    lease_token      uuid        NULL,
    lease_expires_at timestamptz NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (grain_type, grain_key, name),
    CHECK ((lease_owner IS NULL) = (lease_token IS NULL) AND (lease_token IS NULL) = (lease_expires_at IS NULL))
);

-- Due reminders are found by time; a leased one is skipped until its lease expires.
CREATE INDEX grain_reminders_due ON grain_reminders (due_at);

CREATE TABLE cluster_nodes (
    id           uuid        PRIMARY KEY,
    name         text        NOT NULL,
    host         text        NOT NULL,
    started_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    stopped_at   timestamptz NULL,
    activations  jsonb       NOT NULL DEFAULT '{}'::jsonb
);
