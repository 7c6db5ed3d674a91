-- Progress of the hard delete of soft-deleted workspaces, one row per workspace being (or having been) purged. Global
-- by design (the workspace's own rows are gone when it finishes), so the column is not called workspace_id: the purge
-- updates it in the same transaction as each batch it deletes, so a node that takes over resumes the counts too.
CREATE TABLE workspace_purges (
    purged_workspace uuid        PRIMARY KEY,
    started_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    finished_at      timestamptz NULL,
    counts           jsonb       NOT NULL DEFAULT '{}'::jsonb
);
