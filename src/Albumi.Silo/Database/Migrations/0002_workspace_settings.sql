-- The first workspace-scoped table, and the pattern every later one follows:
--   1. a workspace_id column,
--   2. ENABLE and FORCE ROW LEVEL SECURITY (FORCE so that even the table owner is subject to it),
--   3. one policy comparing workspace_id with the transaction's albumi.workspace_id setting.
-- The setting is read with missing_ok, and NULLIF turns the empty string a finished transaction leaves behind into
-- NULL. With no setting the comparison is NULL: reads return no rows and the WITH CHECK makes writes raise.

CREATE TABLE workspace_settings (
    workspace_id uuid        NOT NULL,
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    value        jsonb       NOT NULL,
    version      integer     NOT NULL DEFAULT 1,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, name)
);

ALTER TABLE workspace_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE workspace_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON workspace_settings
    USING (workspace_id = NULLIF(current_setting('albumi.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = NULLIF(current_setting('albumi.workspace_id', true), '')::uuid);
