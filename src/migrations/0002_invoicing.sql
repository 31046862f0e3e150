-- Invoicing, VAT and the customer ledger (issue 3): provider settings, VAT rates with validity
-- dates, VAT number evidence, exchange rates, document corrections and settlement, immutable
-- issued documents, the double-entry ledger, stored renderings (PDF, NAV XML) and mail
-- attachments. Forward-only.

-- Provider settings: one JSON value per key, validated by the application
-- (src/modules/billing/settings.ts).
CREATE TABLE settings (
  key             text PRIMARY KEY,
  value           jsonb NOT NULL,
  updated_at      timestamptz NOT NULL,
  updated_by      text
);

-- Buyer's e-invoice address (Peppol participant id / Finnish OVT + operator) and VAT status.
ALTER TABLE customers
  ADD COLUMN einvoice_scheme   text,
  ADD COLUMN einvoice_id       text,
  ADD COLUMN einvoice_operator text;

-- VAT rates per country with validity dates. Periods of a country never overlap (enforced by
-- the application under a lock on the country). Only standard rates: what Kapu sells is
-- electronically supplied services.
CREATE TABLE vat_rates (
  id              text PRIMARY KEY,
  country         char(2) NOT NULL,
  rate_bp         integer NOT NULL CHECK (rate_bp >= 0 AND rate_bp <= 10000),
  valid_from      date NOT NULL,
  valid_to        date,
  note            text NOT NULL DEFAULT '',
  created_at      timestamptz NOT NULL,
  created_by      text,
  CHECK (valid_to IS NULL OR valid_to >= valid_from),
  UNIQUE (country, valid_from)
);

-- EU standard rates as they stand, with their changes since 2024 (seed 003 was partly outdated).
-- valid_from 2024-01-01 means "in force on 2024-01-01"; earlier history is not seeded.
INSERT INTO vat_rates (id, country, rate_bp, valid_from, valid_to, note, created_at) VALUES
  ('vat_seed_at', 'AT', 2000, '2024-01-01', NULL, 'seed', now()),
  ('vat_seed_be', 'BE', 2100, '2024-01-01', NULL, 'seed', now()),
  ('vat_seed_bg', 'BG', 2000, '2024-01-01', NULL, 'seed', now()),
  ('vat_seed_cy', 'CY', 1900, '2024-01-01', NULL, 'seed', now()),
  ('vat_seed_cz', 'CZ', 2100, '2024-01-01', NULL, 'seed', now()),
  ('vat_seed_de', 'DE', 1900, '2024-01-01', NULL, 'seed', now()),
  ('vat_seed_dk', 'DK', 2500, '2024-01-01', NULL, 'seed', now()),
  ('vat_seed_ee1', 'EE', 2200, '2024-01-01', '2025-06-30', 'seed: 20 → 22 % on 2024-01-01', now()),
  ('vat_seed_ee2', 'EE', 2400, '2025-07-01', NULL, 'seed: 22 → 24 % on 2025-07-01', now()),
  ('vat_seed_es', 'ES', 2100, '2024-01-01', NULL, 'seed', now()),
  ('vat_seed_fi1', 'FI', 2400, '2024-01-01', '2024-08-31', 'seed', now()),
  ('vat_seed_fi2', 'FI', 2550, '2024-09-01', NULL, 'seed: 24 → 25.5 % on 2024-09-01', now()),
  ('vat_seed_fr', 'FR', 2000, '2024-01-01', NULL, 'seed', now()),
  ('vat_seed_gr', 'GR', 2400, '2024-01-01', NULL, 'seed (country code EL in VAT numbers)', now()),
  ('vat_seed_hr', 'HR', 2500, '2024-01-01', NULL, 'seed', now()),
  ('vat_seed_hu', 'HU', 2700, '2024-01-01', NULL, 'seed', now()),
  ('vat_seed_ie', 'IE', 2300, '2024-01-01', NULL, 'seed', now()),
  ('vat_seed_it', 'IT', 2200, '2024-01-01', NULL, 'seed', now()),
  ('vat_seed_lt', 'LT', 2100, '2024-01-01', NULL, 'seed', now()),
  ('vat_seed_lu', 'LU', 1700, '2024-01-01', NULL, 'seed: 16 → 17 % on 2024-01-01', now()),
  ('vat_seed_lv', 'LV', 2100, '2024-01-01', NULL, 'seed', now()),
  ('vat_seed_mt', 'MT', 1800, '2024-01-01', NULL, 'seed', now()),
  ('vat_seed_nl', 'NL', 2100, '2024-01-01', NULL, 'seed', now()),
  ('vat_seed_pl', 'PL', 2300, '2024-01-01', NULL, 'seed', now()),
  ('vat_seed_pt', 'PT', 2300, '2024-01-01', NULL, 'seed', now()),
  ('vat_seed_ro1', 'RO', 1900, '2024-01-01', '2025-07-31', 'seed', now()),
  ('vat_seed_ro2', 'RO', 2100, '2025-08-01', NULL, 'seed: 19 → 21 % on 2025-08-01', now()),
  ('vat_seed_se', 'SE', 2500, '2024-01-01', NULL, 'seed', now()),
  ('vat_seed_si', 'SI', 2200, '2024-01-01', NULL, 'seed (blank in seed 003; it is 22 %)', now()),
  ('vat_seed_sk1', 'SK', 2000, '2024-01-01', '2024-12-31', 'seed', now()),
  ('vat_seed_sk2', 'SK', 2300, '2025-01-01', NULL, 'seed: 20 → 23 % on 2025-01-01', now());

-- Evidence of EU VAT number checks (offline format/checksum, VIES answers with their date).
CREATE TABLE vat_number_checks (
  id              text PRIMARY KEY,
  customer_id     text REFERENCES customers (id),
  vat_number      text NOT NULL,
  source          text NOT NULL CHECK (source IN ('offline', 'vies')),
  result          text NOT NULL CHECK (result IN ('valid', 'invalid', 'unavailable')),
  name            text,
  address         text,
  request_identifier text,
  detail          text,
  checked_at      timestamptz NOT NULL
);
CREATE INDEX vat_number_checks_number_idx ON vat_number_checks (vat_number, checked_at DESC);
CREATE INDEX vat_number_checks_customer_idx ON vat_number_checks (customer_id, checked_at DESC);

-- Exchange rates to HUF (HUF per 1 unit), as published (MNB) or entered by staff.
CREATE TABLE exchange_rates (
  currency        char(3) NOT NULL,
  rate_date       date NOT NULL,
  rate            numeric(18, 6) NOT NULL CHECK (rate > 0),
  source          text NOT NULL DEFAULT 'manual',
  created_at      timestamptz NOT NULL,
  PRIMARY KEY (currency, rate_date)
);

-- Documents: what was frozen at issue, plus the few columns that may change afterwards
-- (settlement and lifecycle), guarded by a trigger below.
ALTER TABLE documents
  ADD COLUMN correction_type    text CHECK (correction_type IN ('storno', 'modification')),
  ADD COLUMN modification_index integer,
  ADD COLUMN payment_method     text NOT NULL DEFAULT 'transfer'
    CHECK (payment_method IN ('transfer', 'card', 'cash', 'other')),
  ADD COLUMN payment_reference  text,
  ADD COLUMN cash_accounting    boolean NOT NULL DEFAULT false,
  ADD COLUMN exchange_rate_date date,
  ADD COLUMN vat_total_huf      bigint,
  ADD COLUMN note               text,
  ADD COLUMN vat_breakdown      jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN paid_amount        bigint NOT NULL DEFAULT 0,
  ADD COLUMN paid_at            timestamptz,
  ADD COLUMN cancelled_at       timestamptz,
  ADD COLUMN cancel_reason      text,
  ADD COLUMN superseded_by_id   text REFERENCES documents (id),
  ADD COLUMN final_invoice_id   text REFERENCES documents (id),
  ADD COLUMN proforma_id        text REFERENCES documents (id),
  ADD COLUMN issued_by          text;
UPDATE documents SET vat_total_huf = vat_total WHERE currency = 'HUF';
UPDATE documents SET paid_amount = gross_total WHERE status = 'paid';
CREATE UNIQUE INDEX documents_payment_reference_key ON documents (payment_reference)
  WHERE payment_reference IS NOT NULL;
CREATE INDEX documents_corrects_idx ON documents (corrects_id) WHERE corrects_id IS NOT NULL;
CREATE INDEX documents_issue_idx ON documents (issue_date DESC, id DESC);
CREATE INDEX documents_open_idx ON documents (customer_id, currency)
  WHERE status = 'open' AND kind = 'invoice';
-- One final invoice per proforma, ever.
CREATE UNIQUE INDEX documents_one_invoice_per_proforma ON documents (proforma_id)
  WHERE proforma_id IS NOT NULL;

ALTER TABLE document_lines
  ADD COLUMN unit_code        text NOT NULL DEFAULT 'piece'
    CHECK (unit_code IN ('piece', 'hour', 'day', 'month', 'year')),
  ADD COLUMN discount         bigint NOT NULL DEFAULT 0,
  ADD COLUMN vat_country      char(2) NOT NULL DEFAULT 'HU',
  ADD COLUMN vat_reason       text NOT NULL DEFAULT 'domestic',
  ADD COLUMN product_id       text REFERENCES products (id),
  ADD COLUMN corrects_position integer;

-- Issued documents are immutable: only settlement and lifecycle columns may change.
CREATE FUNCTION documents_frozen() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'documents are never deleted (%)', OLD.number;
  END IF;
  IF (NEW.kind, NEW.series, NEW.number, NEW.customer_id, NEW.issue_date, NEW.fulfilment_date,
      NEW.due_date, NEW.currency, NEW.exchange_rate, NEW.net_total, NEW.vat_total,
      NEW.gross_total, NEW.buyer, NEW.seller, NEW.corrects_id, NEW.language,
      NEW.correction_type, NEW.modification_index, NEW.payment_reference, NEW.vat_breakdown,
      NEW.vat_total_huf, NEW.cash_accounting, NEW.proforma_id, NEW.payment_method, NEW.note,
      NEW.exchange_rate_date, NEW.issued_by, NEW.created_at)
     IS DISTINCT FROM
     (OLD.kind, OLD.series, OLD.number, OLD.customer_id, OLD.issue_date, OLD.fulfilment_date,
      OLD.due_date, OLD.currency, OLD.exchange_rate, OLD.net_total, OLD.vat_total,
      OLD.gross_total, OLD.buyer, OLD.seller, OLD.corrects_id, OLD.language,
      OLD.correction_type, OLD.modification_index, OLD.payment_reference, OLD.vat_breakdown,
      OLD.vat_total_huf, OLD.cash_accounting, OLD.proforma_id, OLD.payment_method, OLD.note,
      OLD.exchange_rate_date, OLD.issued_by, OLD.created_at) THEN
    RAISE EXCEPTION 'issued document % is immutable; correct it with a credit note', OLD.number;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER documents_immutable BEFORE UPDATE OR DELETE ON documents
  FOR EACH ROW EXECUTE FUNCTION documents_frozen();

CREATE FUNCTION document_lines_frozen() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'document lines are immutable once issued';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER document_lines_immutable BEFORE UPDATE OR DELETE ON document_lines
  FOR EACH ROW EXECUTE FUNCTION document_lines_frozen();

-- What settled a document: a payment (issue 4), a credit note, account credit, a write-off.
CREATE TABLE allocations (
  id              text PRIMARY KEY,
  document_id     text NOT NULL REFERENCES documents (id),
  source_type     text NOT NULL CHECK (source_type IN ('payment', 'credit_note', 'account_credit', 'write_off')),
  source_id       text,
  amount          bigint NOT NULL CHECK (amount > 0),
  created_at      timestamptz NOT NULL,
  ledger_txn_id   text NOT NULL
);
CREATE INDEX allocations_document_idx ON allocations (document_id);
CREATE INDEX allocations_source_idx ON allocations (source_type, source_id);

-- Double-entry ledger. Each transaction's entries sum to zero per currency. Accounts:
--   receivable       what the customer owes on its invoices (open amounts), per customer
--   customer_credit  money held for the customer (overpayment, credit left over), per customer
--   revenue, vat_output        the seller's side of invoices and credit notes
--   cash             money in and out (payments, refunds)
--   write_off        receivables written off
CREATE TABLE ledger_transactions (
  id              text PRIMARY KEY,
  customer_id     text NOT NULL REFERENCES customers (id),
  kind            text NOT NULL CHECK (kind IN ('invoice', 'credit_note', 'payment', 'refund', 'write_off', 'credit_applied', 'opening_balance')),
  document_id     text REFERENCES documents (id),
  payment_id      text,
  memo            text NOT NULL DEFAULT '',
  at              timestamptz NOT NULL,
  actor_type      text NOT NULL,
  actor_id        text
);
CREATE INDEX ledger_transactions_customer_idx ON ledger_transactions (customer_id, at, id);
CREATE INDEX ledger_transactions_document_idx ON ledger_transactions (document_id);

CREATE TABLE ledger_entries (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  txn_id          text NOT NULL REFERENCES ledger_transactions (id),
  customer_id     text NOT NULL,
  account         text NOT NULL CHECK (account IN ('receivable', 'customer_credit', 'revenue', 'vat_output', 'cash', 'write_off')),
  currency        char(3) NOT NULL,
  -- Debit positive, credit negative.
  amount          bigint NOT NULL
);
CREATE INDEX ledger_entries_txn_idx ON ledger_entries (txn_id);
CREATE INDEX ledger_entries_customer_idx ON ledger_entries (customer_id, account, currency);

CREATE FUNCTION ledger_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'the ledger is append-only; post a reversing transaction instead';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER ledger_transactions_append_only BEFORE UPDATE OR DELETE ON ledger_transactions
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

-- Balances kept in step with the entries in the same transaction; `kapu ledger verify`
-- recomputes them from the entries.
CREATE TABLE customer_balances (
  customer_id     text NOT NULL REFERENCES customers (id),
  currency        char(3) NOT NULL,
  receivable      bigint NOT NULL DEFAULT 0,
  credit          bigint NOT NULL DEFAULT 0,
  updated_at      timestamptz NOT NULL,
  PRIMARY KEY (customer_id, currency)
);

-- Renderings kept per document: NAV XML at issue, PDF on first download or e-mail.
CREATE TABLE document_files (
  document_id     text NOT NULL REFERENCES documents (id),
  format          text NOT NULL CHECK (format IN ('pdf', 'nav', 'ubl')),
  content         bytea NOT NULL,
  created_at      timestamptz NOT NULL,
  PRIMARY KEY (document_id, format)
);

-- Mail attachments, rendered when the mail is sent: [{ "kind": "document_pdf", "documentId": … }].
ALTER TABLE mail_outbox ADD COLUMN attachments jsonb NOT NULL DEFAULT '[]';

-- Monthly statements sent: one per customer, currency and month, never twice.
CREATE TABLE statement_runs (
  customer_id     text NOT NULL REFERENCES customers (id),
  period          text NOT NULL,
  mail_id         text,
  created_at      timestamptz NOT NULL,
  PRIMARY KEY (customer_id, period)
);
