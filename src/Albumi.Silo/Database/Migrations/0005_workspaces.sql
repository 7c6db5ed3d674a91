-- Workspaces (the tenants), their members and invites. All under row-level security:
--   albumi.workspace_id   the workspace a transaction works in (WorkspaceScope);
--   albumi.account_id     the account whose own memberships a transaction may list (AccountScope).

CREATE TABLE workspaces (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at  timestamptz NOT NULL,
    deleted_at  timestamptz NULL,
    purge_after timestamptz NULL,
    version     integer     NOT NULL DEFAULT 1
);

CREATE TABLE workspace_members (
    workspace_id uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    account_id   uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role         text        NOT NULL CHECK (role IN ('owner', 'admin', 'editor', 'viewer')),
    joined_at    timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, account_id)
);

CREATE INDEX workspace_members_by_account ON workspace_members (account_id);

-- At most one owner per workspace...
CREATE UNIQUE INDEX workspace_members_one_owner ON workspace_members (workspace_id) WHERE role = 'owner';

-- ...and at least one, checked when the transaction commits (a transfer demotes and promotes in one transaction).
CREATE FUNCTION workspace_members_require_owner() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ws uuid := COALESCE(NEW.workspace_id, OLD.workspace_id);
BEGIN
    IF EXISTS (SELECT 1 FROM workspaces WHERE id = ws)
       AND NOT EXISTS (SELECT 1 FROM workspace_members WHERE workspace_id = ws AND role = 'owner') THEN
        RAISE EXCEPTION 'workspace % would have no owner', ws USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER workspace_members_owner_required
    AFTER INSERT OR UPDATE OR DELETE ON workspace_members
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION workspace_members_require_owner();

CREATE TABLE workspace_invites (
    workspace_id uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    token_hash   bytea       PRIMARY KEY CHECK (length(token_hash) = 32),
    email        text        NOT NULL,
    role         text        NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
    invited_by   uuid        NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    accepted_at  timestamptz NULL,
    accepted_by  uuid        NULL
);

ALTER TABLE workspaces ENABLE ROW LEVEL SECURITY;
ALTER TABLE workspaces FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON workspaces
    USING (id = NULLIF(current_setting('albumi.workspace_id', true), '')::uuid)
    WITH CHECK (id = NULLIF(current_setting('albumi.workspace_id', true), '')::uuid);
CREATE POLICY member_listing ON workspaces FOR SELECT
    USING (id IN (SELECT m.workspace_id FROM workspace_members m
                  WHERE m.account_id = NULLIF(current_setting('albumi.account_id', true), '')::uuid));

ALTER TABLE workspace_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE workspace_members FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON workspace_members
    USING (workspace_id = NULLIF(current_setting('albumi.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = NULLIF(current_setting('albumi.workspace_id', true), '')::uuid);
CREATE POLICY own_memberships ON workspace_members FOR SELECT
    USING (account_id = NULLIF(current_setting('albumi.account_id', true), '')::uuid);

ALTER TABLE workspace_invites ENABLE ROW LEVEL SECURITY;
ALTER TABLE workspace_invites FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON workspace_invites
    USING (workspace_id = NULLIF(current_setting('albumi.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = NULLIF(current_setting('albumi.workspace_id', true), '')::uuid);
