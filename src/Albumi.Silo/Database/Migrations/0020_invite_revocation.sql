-- Invites get a public id (listing and revoking name it; the token's hash never leaves the database) and a revocation
-- time: revoked by an admin, or in the same transaction that removes or demotes the member who made them.
ALTER TABLE workspace_invites ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE workspace_invites ALTER COLUMN id DROP DEFAULT;
ALTER TABLE workspace_invites ADD COLUMN revoked_at timestamptz NULL;
CREATE UNIQUE INDEX workspace_invites_id ON workspace_invites (id);
CREATE INDEX workspace_invites_pending_by_maker ON workspace_invites (workspace_id, invited_by) WHERE accepted_at IS NULL AND revoked_at IS NULL;

-- Invites made before this migration by someone who is no longer an admin or the owner were never revoked: revoke
-- them now. The owner may read across workspaces only with row-level security not forced, for this one statement.
ALTER TABLE workspace_invites NO FORCE ROW LEVEL SECURITY;
ALTER TABLE workspace_members NO FORCE ROW LEVEL SECURITY;
UPDATE workspace_invites i SET revoked_at = now()
WHERE i.accepted_at IS NULL AND i.revoked_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM workspace_members m
                  WHERE m.workspace_id = i.workspace_id AND m.account_id = i.invited_by
                    AND m.role IN ('owner', 'admin') AND m.joined_at <= i.created_at);
ALTER TABLE workspace_invites FORCE ROW LEVEL SECURITY;
ALTER TABLE workspace_members FORCE ROW LEVEL SECURITY;
