-- Accounts and access (issue 6): manager access for agencies, invitations, staff departments,
-- who acted for whom in the audit log. Forward-only.

-- One-time tokens serve invitations and e-mail changes too; subject_id names what the token is
-- for (a contact, a manager access), data carries what the link confirms (a new e-mail address).
ALTER TABLE one_time_tokens DROP CONSTRAINT one_time_tokens_purpose_check;
ALTER TABLE one_time_tokens ADD CONSTRAINT one_time_tokens_purpose_check CHECK (purpose IN (
  'password_reset', 'admin_setup', 'contact_invitation', 'manager_invitation', 'email_change'));
ALTER TABLE one_time_tokens
  ADD COLUMN subject_id text,
  ADD COLUMN data jsonb;
CREATE INDEX one_time_tokens_subject_idx ON one_time_tokens (subject_id) WHERE subject_id IS NOT NULL;

-- A contact invited by e-mail has no login until the invitation is accepted.
ALTER TABLE contacts ADD COLUMN invited_at timestamptz;
CREATE UNIQUE INDEX contacts_customer_email_key ON contacts (customer_id, lower(email));

-- Manager access: a login (an agency's) acting for a customer account it is not a contact of,
-- with scopes as for contacts. Granted by the account's owner (invitation to the agency's
-- address) or requested by the agency and approved by the owner. Revoked rows stay for history.
CREATE TABLE manager_access (
  id              text PRIMARY KEY,
  customer_id     text NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  manager_user_id text REFERENCES users (id) ON DELETE CASCADE,
  email           text NOT NULL,
  permissions     text[] NOT NULL,
  status          text NOT NULL CHECK (status IN ('invited', 'requested', 'active', 'revoked', 'declined')),
  created_by      text,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  accepted_at     timestamptz,
  ended_at        timestamptz,
  ended_by        text,
  CHECK (status = 'invited' OR manager_user_id IS NOT NULL)
);
CREATE INDEX manager_access_customer_idx ON manager_access (customer_id, created_at);
CREATE UNIQUE INDEX manager_access_live_key ON manager_access (customer_id, manager_user_id)
  WHERE status IN ('requested', 'active');
CREATE INDEX manager_access_manager_idx ON manager_access (manager_user_id) WHERE status = 'active';

-- Staff departments (support routing uses them).
CREATE TABLE departments (
  id              text PRIMARY KEY,
  name            text NOT NULL,
  email           text,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);
CREATE UNIQUE INDEX departments_name_key ON departments (lower(name));
CREATE TABLE staff_departments (
  user_id         text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  department_id   text NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, department_id)
);

-- Who acted for the account: its own contact, a manager (agency), or staff acting as the customer.
ALTER TABLE audit_log ADD COLUMN actor_via text CHECK (actor_via IN ('contact', 'manager', 'staff'));
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at DESC) WHERE actor_type = 'user';
