-- When this session passed a second factor (at sign-in, at enrolment, or by a later step-up); NULL: never.
ALTER TABLE sessions ADD COLUMN second_factor_at timestamptz NULL;
