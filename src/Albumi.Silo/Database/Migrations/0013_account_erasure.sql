-- Self-service erasure: an account may ask to be forgotten; after a grace period its personal data is erased and
-- the row stays as a tombstone ("Deleted user …") so the activity it authored keeps an author.
ALTER TABLE accounts ADD COLUMN erase_after timestamptz NULL;
ALTER TABLE accounts ADD COLUMN erased_at timestamptz NULL;
ALTER TABLE accounts DROP CONSTRAINT accounts_status_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_status_check CHECK (status IN ('active', 'disabled', 'erased'));

-- The audit log is append-only for everyone at run time; this one function may blank the IP addresses and
-- User-Agents of one account's events, and nothing else. It runs as its owner; the runtime role may only call it.
CREATE FUNCTION audit.forget_account(target uuid) RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = audit, pg_temp AS $$
    WITH forgotten AS (
        UPDATE audit.security_events SET ip = NULL, user_agent = NULL
        WHERE account_id = target AND (ip IS NOT NULL OR user_agent IS NOT NULL)
        RETURNING 1
    )
    SELECT count(*) FROM forgotten
$$;
REVOKE ALL ON FUNCTION audit.forget_account(uuid) FROM PUBLIC;
