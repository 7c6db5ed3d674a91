-- Step-up: when the person last proved who they are on a session without a second factor (their password again);
-- NULL: only at sign-in (created_at). With second_factor_at, this says how recently the session was verified.
ALTER TABLE sessions ADD COLUMN reauthenticated_at timestamptz NULL;

-- Recovery codes under a keyed hash: code_hash is HMAC-SHA256 (key derived from the master key, never stored) over
-- the account id and the SHA-256 of the code. Rows written before keep their plain SHA-256 (keyed = false) until a
-- node, which holds the master key, rewrites them at start: HMAC over the stored SHA-256 needs no plaintext.
ALTER TABLE account_recovery_codes ADD COLUMN keyed boolean NOT NULL DEFAULT false;
