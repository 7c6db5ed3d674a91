-- The security audit log lives in its own schema. The audit-writer role may INSERT and SELECT here and nothing else;
-- the runtime role may only SELECT; nobody but the owner may UPDATE or DELETE.

CREATE SCHEMA audit;

CREATE TABLE audit.security_events (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at  timestamptz NOT NULL DEFAULT now(),
    event_type   integer     NOT NULL,
    outcome      text        NOT NULL CHECK (outcome IN ('success', 'failure', 'blocked')),
    account_id   uuid        NULL,
    workspace_id uuid        NULL,
    ip           inet        NULL,
    user_agent   text        NULL,
    metadata     jsonb       NOT NULL DEFAULT '{}'::jsonb
);

CREATE INDEX security_events_account ON audit.security_events (account_id, occurred_at DESC);
CREATE INDEX security_events_workspace ON audit.security_events (workspace_id, occurred_at DESC);
