-- Share links: a random token (only its SHA-256 is kept) opens an anonymised view of one entity or album.
-- Workspace-scoped like every tenant table; an anonymous viewer finds the one row whose hash it knows through a
-- second, read-only policy keyed by the albumi.share_token_hash setting, so without the token no row is visible.
CREATE TABLE shares (
    workspace_id  uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    token_hash    bytea       NOT NULL CHECK (length(token_hash) = 32),
    id            uuid        NOT NULL,
    entity_kind   text        NOT NULL,
    entity_id     uuid        NOT NULL,
    public_id_key bytea       NOT NULL CHECK (length(public_id_key) = 32),
    created_by    uuid        NULL,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NULL,
    revoked_at    timestamptz NULL,
    PRIMARY KEY (token_hash),
    UNIQUE (workspace_id, id)
);

ALTER TABLE shares ENABLE ROW LEVEL SECURITY;
ALTER TABLE shares FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON shares
    USING (workspace_id = NULLIF(current_setting('albumi.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = NULLIF(current_setting('albumi.workspace_id', true), '')::uuid);
CREATE POLICY token_lookup ON shares FOR SELECT
    USING (token_hash = decode(NULLIF(current_setting('albumi.share_token_hash', true), ''), 'hex'));
