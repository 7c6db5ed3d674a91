-- ASP.NET Core data protection keys (they protect OAuth state and correlation cookies), shared by all nodes so that a
-- sign-in started on one node completes on another. Each element is encrypted under the field-encryption key ring,
-- bound to its row id.
CREATE TABLE data_protection_keys (
    id            bigint      PRIMARY KEY,
    friendly_name text        NULL,
    element       bytea       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
