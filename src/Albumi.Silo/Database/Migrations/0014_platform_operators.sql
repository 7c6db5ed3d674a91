-- Platform operators may open the operator dashboard (/ops). Granted only outside the product: by the owner role,
-- through the headless node's "operators grant" command run on a server, or by SQL. The runtime role may read this
-- table and nothing else (see SchemaSetup), so no request can make anyone an operator.
CREATE TABLE platform_operators (
    account_id uuid        PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    granted_at timestamptz NOT NULL DEFAULT now(),
    granted_by text        NOT NULL
);
