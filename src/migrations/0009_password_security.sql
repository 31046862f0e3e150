-- Password security (issue 6): per-account throttling of failed logins, and the client addresses
-- each login has succeeded from, which the throttle still lets through (see
-- src/modules/auth/domain/login-throttle.ts for the rules).

-- Failed logins per e-mail address as typed. Rows exist for addresses no account has as well, so
-- that the answers do not tell which e-mail addresses exist; the key is the SHA-256 (hex) of the
-- trimmed, lower-cased address, so what strangers type is not kept in the clear.
CREATE TABLE login_throttles (
  email_hash      text PRIMARY KEY,
  -- Failed password checks in a row (refused attempts during a lock are not counted); 0 only
  -- for the moment between a first failure's insert and its update (one row lock serialises
  -- concurrent failures for the same address).
  failures        integer NOT NULL CHECK (failures >= 0),
  last_failure_at timestamptz NOT NULL,
  -- Until when attempts from other than known addresses are refused (NULL: not locked).
  locked_until    timestamptz
);
-- The purge job removes rows whose failures are forgotten.
CREATE INDEX login_throttles_last_failure_idx ON login_throttles (last_failure_at);

-- Where a login has succeeded: an IPv4 address, or an IPv6 /64 network ("2001:db8:0:1::/64").
CREATE TABLE login_addresses (
  user_id          text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  address          text NOT NULL,
  first_success_at timestamptz NOT NULL,
  last_success_at  timestamptz NOT NULL,
  PRIMARY KEY (user_id, address)
);
-- The purge job removes addresses not used for a long time.
CREATE INDEX login_addresses_last_success_idx ON login_addresses (last_success_at);
