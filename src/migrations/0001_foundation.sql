-- Kapu foundation: users and sessions, customers and contacts, catalog, services, documents,
-- mail outbox, audit log. Forward-only: never edit a migration that has been released.

-- Logins. A user is a staff member (staff_role set) or a customer contact's login.
CREATE TABLE users (
  id              text PRIMARY KEY,
  email           text NOT NULL,
  name            text NOT NULL,
  password_hash   text,
  language        text NOT NULL DEFAULT 'hu' CHECK (language IN ('hu', 'en')),
  staff_role      text CHECK (staff_role IN ('admin', 'billing', 'support', 'sales', 'readonly')),
  disabled_at     timestamptz,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE sessions (
  id              text PRIMARY KEY,
  token_hash      text NOT NULL UNIQUE,
  user_id         text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  customer_id     text,
  csrf_token      text NOT NULL,
  created_at      timestamptz NOT NULL,
  last_seen_at    timestamptz NOT NULL,
  expires_at      timestamptz NOT NULL,
  ip              text,
  user_agent      text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- Single-use tokens: password reset, first-admin setup.
CREATE TABLE one_time_tokens (
  id              text PRIMARY KEY,
  purpose         text NOT NULL CHECK (purpose IN ('password_reset', 'admin_setup')),
  token_hash      text NOT NULL UNIQUE,
  user_id         text REFERENCES users (id) ON DELETE CASCADE,
  created_at      timestamptz NOT NULL,
  expires_at      timestamptz NOT NULL,
  used_at         timestamptz
);
CREATE INDEX one_time_tokens_user_idx ON one_time_tokens (user_id);

CREATE SEQUENCE customer_code_seq START 10001;

CREATE TABLE customers (
  id              text PRIMARY KEY,
  code            text NOT NULL UNIQUE,
  kind            text NOT NULL CHECK (kind IN ('company', 'person')),
  name            text NOT NULL,
  legal_name      text NOT NULL,
  country         char(2) NOT NULL,
  postal_code     text NOT NULL DEFAULT '',
  city            text NOT NULL DEFAULT '',
  address_line    text NOT NULL DEFAULT '',
  tax_number      text,
  eu_vat_number   text,
  language        text NOT NULL DEFAULT 'hu' CHECK (language IN ('hu', 'en')),
  currency        char(3) NOT NULL,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);
CREATE INDEX customers_name_idx ON customers (lower(name) text_pattern_ops);
CREATE INDEX customers_created_idx ON customers (created_at, id);

CREATE TABLE contacts (
  id              text PRIMARY KEY,
  customer_id     text NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  user_id         text REFERENCES users (id) ON DELETE SET NULL,
  name            text NOT NULL,
  email           text NOT NULL,
  phone           text,
  is_primary      boolean NOT NULL DEFAULT false,
  permissions     text[] NOT NULL DEFAULT ARRAY['owner'],
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);
CREATE INDEX contacts_customer_idx ON contacts (customer_id);
CREATE INDEX contacts_email_idx ON contacts (lower(email));
CREATE UNIQUE INDEX contacts_user_customer_key ON contacts (user_id, customer_id);
CREATE UNIQUE INDEX contacts_one_primary ON contacts (customer_id) WHERE is_primary;

-- Catalog.
CREATE TABLE products (
  id              text PRIMARY KEY,
  code            text NOT NULL UNIQUE,
  kind            text NOT NULL CHECK (kind IN ('hosting', 'domain', 'software', 'ssl', 'addon')),
  name            text NOT NULL,
  description     text NOT NULL DEFAULT '',
  active          boolean NOT NULL DEFAULT true,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);

CREATE TABLE product_prices (
  id              text PRIMARY KEY,
  product_id      text NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  billing_cycle   text NOT NULL CHECK (billing_cycle IN ('monthly', 'quarterly', 'semiannual', 'annual', 'biennial', 'one_time')),
  currency        char(3) NOT NULL,
  amount          bigint NOT NULL CHECK (amount >= 0),
  setup_fee       bigint NOT NULL DEFAULT 0 CHECK (setup_fee >= 0),
  UNIQUE (product_id, billing_cycle, currency)
);

-- Services (subscriptions): what a customer has. Price and cycle live on the service so
-- imported and grandfathered prices stay as they are.
CREATE TABLE services (
  id              text PRIMARY KEY,
  customer_id     text NOT NULL REFERENCES customers (id),
  product_id      text NOT NULL REFERENCES products (id),
  label           text,
  status          text NOT NULL CHECK (status IN ('pending', 'active', 'suspended', 'cancelled', 'expired', 'terminated')),
  billing_cycle   text NOT NULL CHECK (billing_cycle IN ('monthly', 'quarterly', 'semiannual', 'annual', 'biennial', 'one_time')),
  currency        char(3) NOT NULL,
  price           bigint NOT NULL CHECK (price >= 0),
  start_date      date NOT NULL,
  next_due_date   date,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);
CREATE INDEX services_customer_idx ON services (customer_id, created_at);
CREATE INDEX services_due_idx ON services (next_due_date) WHERE status IN ('active', 'suspended');

-- Documents: proformas, invoices, credit notes. Issued documents are immutable: buyer and
-- seller data are frozen on them; corrections are new documents referencing the original.
CREATE TABLE documents (
  id              text PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('proforma', 'invoice', 'credit_note')),
  series          text NOT NULL,
  number          text NOT NULL,
  customer_id     text NOT NULL REFERENCES customers (id),
  status          text NOT NULL CHECK (status IN ('open', 'paid', 'cancelled')),
  issue_date      date NOT NULL,
  fulfilment_date date,
  due_date        date,
  currency        char(3) NOT NULL,
  exchange_rate   numeric(18, 6),
  net_total       bigint NOT NULL,
  vat_total       bigint NOT NULL,
  gross_total     bigint NOT NULL,
  buyer           jsonb NOT NULL,
  seller          jsonb NOT NULL,
  corrects_id     text REFERENCES documents (id),
  language        text NOT NULL DEFAULT 'hu',
  created_at      timestamptz NOT NULL,
  UNIQUE (series, number)
);
CREATE INDEX documents_customer_idx ON documents (customer_id, issue_date DESC, id);

CREATE TABLE document_lines (
  id              text PRIMARY KEY,
  document_id     text NOT NULL REFERENCES documents (id),
  position        integer NOT NULL,
  service_id      text REFERENCES services (id),
  description     text NOT NULL,
  quantity        numeric(18, 4) NOT NULL,
  unit            text NOT NULL,
  unit_price      bigint NOT NULL,
  vat_category    text NOT NULL,
  vat_rate_bp     integer NOT NULL,
  net_amount      bigint NOT NULL,
  vat_amount      bigint NOT NULL,
  gross_amount    bigint NOT NULL,
  period_from     date,
  period_to       date,
  UNIQUE (document_id, position)
);

-- Transactional outbox for e-mail: written in the business transaction, sent by a job.
CREATE TABLE mail_outbox (
  id              text PRIMARY KEY,
  type            text NOT NULL,
  language        text NOT NULL,
  to_address      text NOT NULL,
  subject         text NOT NULL,
  text_body       text NOT NULL,
  html_body       text,
  customer_id     text,
  user_id         text,
  status          text NOT NULL CHECK (status IN ('queued', 'sent', 'stored', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text,
  message_id      text,
  created_at      timestamptz NOT NULL,
  sent_at         timestamptz
);
CREATE INDEX mail_outbox_created_idx ON mail_outbox (created_at DESC, id);

-- Audit log: append-only record of every change to money, access and customer data.
CREATE TABLE audit_log (
  id              text PRIMARY KEY,
  at              timestamptz NOT NULL,
  actor_type      text NOT NULL CHECK (actor_type IN ('user', 'system', 'cli')),
  actor_id        text,
  customer_id     text,
  action          text NOT NULL,
  subject_type    text NOT NULL,
  subject_id      text,
  data            jsonb NOT NULL DEFAULT '{}',
  request_id      text,
  ip              text
);
CREATE INDEX audit_log_customer_idx ON audit_log (customer_id, at DESC);
CREATE INDEX audit_log_subject_idx ON audit_log (subject_type, subject_id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- Gapless document numbers: one counter row per series and year, locked by the issuing
-- transaction, so a number is used exactly when the document that carries it commits.
CREATE TABLE document_counters (
  series          text NOT NULL,
  year            integer NOT NULL,
  last_number     integer NOT NULL,
  PRIMARY KEY (series, year)
);
