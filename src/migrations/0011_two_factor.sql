-- Two-factor login and session security (issue 6): TOTP secrets and recovery codes, the login
-- challenge between the password and the code, staff sessions that must enrol first, and an idle
-- timeout per session. Forward-only.

-- The TOTP secret (RFC 4648 base32). `totp_secret` is the confirmed one (two-factor is on when
-- `totp_enabled_at` is set); `totp_pending_secret` is one being set up, until a code from it
-- confirms it. Neither is ever returned by the API after setup. `totp_last_step` is the RFC 6238
-- time step of the last accepted code: a code is never accepted twice.
ALTER TABLE users
  ADD COLUMN totp_secret          text,
  ADD COLUMN totp_enabled_at      timestamptz,
  ADD COLUMN totp_last_step       integer,
  ADD COLUMN totp_pending_secret  text,
  ADD COLUMN totp_pending_at      timestamptz,
  ADD CONSTRAINT users_totp_enabled_check CHECK ((totp_enabled_at IS NULL) = (totp_secret IS NULL));

-- Single-use recovery codes; only their SHA-256 is stored (each has 60 random bits).
CREATE TABLE recovery_codes (
  user_id         text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash       text NOT NULL,
  created_at      timestamptz NOT NULL,
  used_at         timestamptz,
  PRIMARY KEY (user_id, code_hash)
);

-- After the right password of a login with two-factor on: a short-lived, single-use challenge
-- (only its SHA-256 is stored) that the second step exchanges, with a code, for a session.
CREATE TABLE login_challenges (
  id              text PRIMARY KEY,
  token_hash      text NOT NULL UNIQUE,
  user_id         text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at      timestamptz NOT NULL,
  expires_at      timestamptz NOT NULL,
  failures        integer NOT NULL DEFAULT 0,
  used_at         timestamptz,
  ip              text,
  user_agent      text
);
CREATE INDEX login_challenges_user_idx ON login_challenges (user_id);
CREATE INDEX login_challenges_expires_idx ON login_challenges (expires_at);

-- A staff session opened without two-factor while it is required: only the session, logout,
-- language and two-factor setup routes answer until the user enrols. `idle_minutes`: the session
-- ends after that long without a request (staff; NULL = no idle limit); `last_seen_at` is
-- refreshed at most once a minute.
ALTER TABLE sessions
  ADD COLUMN two_factor_setup_required boolean NOT NULL DEFAULT false,
  ADD COLUMN idle_minutes integer CHECK (idle_minutes IS NULL OR idle_minutes > 0);
