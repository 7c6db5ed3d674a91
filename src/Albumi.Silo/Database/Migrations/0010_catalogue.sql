-- The architecture catalogue: entities of every kind in one table, their activity, comments, notifications and
-- proposals. Every table carries workspace_id and follows the pattern of 0002 (ENABLE + FORCE + one policy).

CREATE TABLE entities (
    workspace_id   uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id             uuid        NOT NULL,
    kind           text        NOT NULL,
    name           text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    classification text        NULL CHECK (classification IN ('public', 'internal', 'confidential', 'restricted')),
    fields         jsonb       NOT NULL DEFAULT '{}'::jsonb,
    version        integer     NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL,
    created_by     uuid        NULL,
    updated_at     timestamptz NOT NULL,
    deleted_at     timestamptz NULL,
    PRIMARY KEY (workspace_id, id)
);

-- Keyset paging of the live entities of one kind (ids are UUIDv7, so id order is creation order).
CREATE INDEX entities_live_by_kind ON entities (workspace_id, kind, id) WHERE deleted_at IS NULL;

CREATE TABLE proposals (
    workspace_id uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id           uuid        NOT NULL,
    title        text        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    author_id    uuid        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('draft', 'merged', 'discarded')),
    created_at   timestamptz NOT NULL,
    closed_at    timestamptz NULL,
    PRIMARY KEY (workspace_id, id)
);

-- What a draft changes, one row per entity: the operation, the fields it sets, and each field's mainline value when the
-- draft first touched it (so a merge can tell a conflicting mainline change from an unrelated one).
CREATE TABLE proposal_changes (
    workspace_id uuid    NOT NULL,
    proposal_id  uuid    NOT NULL,
    entity_id    uuid    NOT NULL,
    kind         text    NOT NULL,
    operation    text    NOT NULL CHECK (operation IN ('create', 'update', 'delete')),
    fields       jsonb   NOT NULL DEFAULT '{}'::jsonb,
    base         jsonb   NOT NULL DEFAULT '{}'::jsonb,
    seq          integer NOT NULL,
    PRIMARY KEY (workspace_id, proposal_id, entity_id),
    FOREIGN KEY (workspace_id, proposal_id) REFERENCES proposals (workspace_id, id) ON DELETE CASCADE
);

CREATE INDEX proposal_changes_by_entity ON proposal_changes (workspace_id, entity_id);

CREATE TABLE activity (
    workspace_id uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id           bigint      GENERATED ALWAYS AS IDENTITY,
    occurred_at  timestamptz NOT NULL,
    actor_id     uuid        NULL,
    change_type  text        NOT NULL CHECK (change_type IN
                     ('created', 'updated', 'status_changed', 'deleted', 'restored', 'commented', 'proposal_merged')),
    entity_kind  text        NULL,
    entity_id    uuid        NULL,
    proposal_id  uuid        NULL,
    is_mainline  boolean     NOT NULL,
    changes      jsonb       NOT NULL DEFAULT '[]'::jsonb,
    PRIMARY KEY (workspace_id, id)
);

CREATE INDEX activity_by_entity ON activity (workspace_id, entity_id, id);
CREATE INDEX activity_by_proposal ON activity (workspace_id, proposal_id) WHERE proposal_id IS NOT NULL;

CREATE TABLE comments (
    workspace_id uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id           uuid        NOT NULL,
    entity_id    uuid        NOT NULL,
    author_id    uuid        NULL,
    body         text        NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
    mentions     uuid[]      NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, id)
);

CREATE INDEX comments_by_entity ON comments (workspace_id, entity_id, created_at);

CREATE TABLE notifications (
    workspace_id uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id           uuid        NOT NULL,
    account_id   uuid        NOT NULL,
    reason       text        NOT NULL CHECK (reason IN ('mentioned', 'assigned')),
    entity_id    uuid        NOT NULL,
    comment_id   uuid        NULL,
    actor_id     uuid        NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, id)
);

CREATE INDEX notifications_by_account ON notifications (workspace_id, account_id, created_at DESC);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['entities', 'proposals', 'proposal_changes', 'activity', 'comments', 'notifications'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format($p$CREATE POLICY workspace_isolation ON %I
            USING (workspace_id = NULLIF(current_setting('albumi.workspace_id', true), '')::uuid)
            WITH CHECK (workspace_id = NULLIF(current_setting('albumi.workspace_id', true), '')::uuid)$p$, t);
    END LOOP;
END $$;
