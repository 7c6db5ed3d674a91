-- When the workspace-purged audit event was written. A purge that finished but was never audited (its node stopped
-- in between) is audited when its reminder fires again; purges finished before this column existed were audited.
ALTER TABLE workspace_purges ADD COLUMN audited_at timestamptz NULL;
UPDATE workspace_purges SET audited_at = finished_at WHERE finished_at IS NOT NULL;
