-- Payments (issue 4): money received by card, bank transfer, cash; refunds; card checkouts and
-- gateway notifications; bank statement imports with their lines and the matching outcome.

-- Money received from a customer. `source` + `external_id` identify it at its origin (the
-- gateway's transaction, the bank line, a staff entry's idempotency key): at most one payment
-- per origin, whatever retries and duplicate notifications arrive.
CREATE TABLE payments (
  id              text PRIMARY KEY,
  customer_id     text NOT NULL REFERENCES customers (id),
  method          text NOT NULL CHECK (method IN ('card', 'transfer', 'cash', 'other')),
  source          text NOT NULL CHECK (source IN ('gateway', 'bank', 'manual')),
  gateway         text,
  external_id     text NOT NULL,
  currency        char(3) NOT NULL,
  amount          bigint NOT NULL CHECK (amount > 0),
  refunded_amount bigint NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0),
  received_on     date NOT NULL,
  payer           text,
  reference       text,
  note            text,
  -- Why staff should look at it: the paid document was already paid / cancelled / unknown.
  flag            text,
  created_at      timestamptz NOT NULL,
  created_by      text,
  CHECK (refunded_amount <= amount),
  UNIQUE (source, external_id)
);
CREATE INDEX payments_customer_idx ON payments (customer_id, created_at DESC, id DESC);
CREATE INDEX payments_created_idx ON payments (created_at DESC, id DESC);
CREATE INDEX payments_flag_idx ON payments (created_at DESC) WHERE flag IS NOT NULL;

-- Money paid back: to the card through the gateway, or by bank transfer.
CREATE TABLE refunds (
  id              text PRIMARY KEY,
  payment_id      text NOT NULL REFERENCES payments (id),
  customer_id     text NOT NULL REFERENCES customers (id),
  currency        char(3) NOT NULL,
  amount          bigint NOT NULL CHECK (amount > 0),
  method          text NOT NULL CHECK (method IN ('card', 'transfer', 'cash')),
  status          text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  gateway_ref     text,
  reason          text NOT NULL,
  credit_note_ids text[] NOT NULL DEFAULT '{}',
  failure         text,
  created_at      timestamptz NOT NULL,
  created_by      text
);
CREATE INDEX refunds_payment_idx ON refunds (payment_id);

-- A card payment attempt on a gateway's hosted page, for one or several open documents.
CREATE TABLE checkouts (
  id              text PRIMARY KEY,
  customer_id     text NOT NULL REFERENCES customers (id),
  gateway         text NOT NULL,
  gateway_ref     text,
  status          text NOT NULL CHECK (status IN ('created', 'pending', 'succeeded', 'failed', 'cancelled', 'expired')),
  currency        char(3) NOT NULL,
  amount          bigint NOT NULL CHECK (amount > 0),
  document_ids    text[] NOT NULL,
  redirect_url    text,
  payment_id      text REFERENCES payments (id),
  failure         text,
  created_by      text,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  UNIQUE (gateway, gateway_ref)
);
CREATE INDEX checkouts_customer_idx ON checkouts (customer_id, created_at DESC);
CREATE INDEX checkouts_pending_idx ON checkouts (created_at) WHERE status IN ('created', 'pending');

-- Every server-to-server notification a gateway sent, as received: nothing is lost, duplicates
-- and bad signatures included, with what Kapu made of it.
CREATE TABLE gateway_notifications (
  id              text PRIMARY KEY,
  gateway         text NOT NULL,
  received_at     timestamptz NOT NULL,
  signature_ok    boolean NOT NULL,
  event_id        text,
  gateway_ref     text,
  checkout_id     text REFERENCES checkouts (id),
  payload         text NOT NULL,
  outcome         text NOT NULL,
  flag            text
);
CREATE INDEX gateway_notifications_received_idx ON gateway_notifications (received_at DESC, id DESC);
CREATE INDEX gateway_notifications_flag_idx ON gateway_notifications (received_at DESC) WHERE flag IS NOT NULL;

-- One upload of a bank statement file (it may hold several statements).
CREATE TABLE bank_imports (
  id              text PRIMARY KEY,
  filename        text NOT NULL,
  format          text NOT NULL,
  sha256          text NOT NULL,
  status          text NOT NULL CHECK (status IN ('importing', 'complete')),
  lines_total     integer NOT NULL DEFAULT 0,
  lines_new       integer NOT NULL DEFAULT 0,
  matched         integer NOT NULL DEFAULT 0,
  credited        integer NOT NULL DEFAULT 0,
  queued          integer NOT NULL DEFAULT 0,
  ignored         integer NOT NULL DEFAULT 0,
  warnings        jsonb NOT NULL DEFAULT '[]',
  statements      jsonb NOT NULL DEFAULT '[]',
  started_at      timestamptz NOT NULL,
  finished_at     timestamptz,
  created_by      text
);
CREATE INDEX bank_imports_started_idx ON bank_imports (started_at DESC, id DESC);

-- One entry of a bank statement. (account, entry_key) identifies it across imports: importing
-- the same statement again adds nothing. `state` says what became of it; a line is decided
-- in the same transaction as the payment it creates, so a crash leaves it 'new' and the next
-- import of the file finishes it.
CREATE TABLE bank_lines (
  id              text PRIMARY KEY,
  import_id       text NOT NULL REFERENCES bank_imports (id),
  account         text NOT NULL,
  entry_key       text NOT NULL,
  booking_date    date NOT NULL,
  value_date      date,
  direction       text NOT NULL CHECK (direction IN ('credit', 'debit')),
  currency        char(3) NOT NULL,
  amount          bigint NOT NULL,
  counterparty_name    text,
  counterparty_iban    text,
  counterparty_account text,
  remittance      text NOT NULL DEFAULT '',
  structured_reference text,
  bank_reference  text,
  reversal        boolean NOT NULL DEFAULT false,
  booked          boolean NOT NULL DEFAULT true,
  state           text NOT NULL CHECK (state IN ('new', 'matched', 'credit', 'queued', 'ignored', 'assigned', 'dismissed')),
  reason          text,
  candidates      jsonb NOT NULL DEFAULT '[]',
  flags           jsonb NOT NULL DEFAULT '[]',
  payment_id      text REFERENCES payments (id),
  decided_at      timestamptz,
  decided_by      text,
  UNIQUE (account, entry_key)
);
CREATE INDEX bank_lines_import_idx ON bank_lines (import_id, id);
CREATE INDEX bank_lines_state_idx ON bank_lines (state, booking_date, id) WHERE state IN ('new', 'queued');

-- Payers seen paying for a customer (bank account, name): they confirm later transfers.
CREATE TABLE payer_accounts (
  customer_id     text NOT NULL REFERENCES customers (id),
  account         text NOT NULL,
  name            text,
  last_seen_at    timestamptz NOT NULL,
  PRIMARY KEY (customer_id, account)
);
CREATE INDEX payer_accounts_account_idx ON payer_accounts (account);

ALTER TABLE ledger_transactions
  ADD CONSTRAINT ledger_transactions_payment_fk FOREIGN KEY (payment_id) REFERENCES payments (id);
CREATE INDEX ledger_transactions_payment_idx ON ledger_transactions (payment_id) WHERE payment_id IS NOT NULL;

-- Documents paid by a bank reference are found by number too (typed in free text).
CREATE INDEX documents_number_idx ON documents (number);
CREATE INDEX documents_payable_idx ON documents (status, kind) WHERE status = 'open' AND kind IN ('proforma', 'invoice');

-- A refund the gateway refused puts the money back on the customer's credit (append-only
-- ledger: a reversing transaction, never an edit).
ALTER TABLE ledger_transactions DROP CONSTRAINT ledger_transactions_kind_check;
ALTER TABLE ledger_transactions ADD CONSTRAINT ledger_transactions_kind_check
  CHECK (kind IN ('invoice', 'credit_note', 'payment', 'refund', 'refund_reversed', 'write_off', 'credit_applied', 'opening_balance'));
