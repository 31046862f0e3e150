-- The service lifecycle (issue 5): renewal documents, expiry reminders, cancellation notice,
-- billing cycle changes, overdue suspension and termination, and the daily billing run.

-- Per product: how many days before the due date its renewal document is issued, and on which
-- days before expiry its reminders go out (NULL = the provider's defaults in the settings).
ALTER TABLE products
  ADD COLUMN renewal_lead_days integer CHECK (renewal_lead_days BETWEEN 0 AND 180),
  ADD COLUMN reminder_days     integer[];

ALTER TABLE services
  -- The domain name a domain or hosting service is for (shown in e-mails and reminders).
  ADD COLUMN domain               text,
  -- Cancellation (C4): the first day the service is no longer provided, once requested.
  ADD COLUMN cancel_effective_date date,
  -- Billing cycle change (C5): the cycle and price that apply from the next renewal document.
  ADD COLUMN next_cycle           text CHECK (next_cycle IN ('monthly', 'quarterly', 'semiannual', 'annual', 'biennial')),
  ADD COLUMN next_price           bigint CHECK (next_price >= 0),
  -- Why the service is in its state (overdue, cancelled, staff: …) and since when.
  ADD COLUMN status_reason        text,
  ADD COLUMN status_changed_at    timestamptz,
  ADD CONSTRAINT services_next_cycle_price CHECK ((next_cycle IS NULL) = (next_price IS NULL));

-- What the billing run looks at: due dates of open services in (due date, id) order — its
-- steps read them in keyset pages of that order, so a page is an index range, not a sort of
-- every due service — and cancellations to apply.
DROP INDEX services_due_idx;
CREATE INDEX services_due_idx ON services (next_due_date, id) WHERE status IN ('active', 'suspended');
-- Suspended and expired services the run may terminate.
CREATE INDEX services_overdue_idx ON services (next_due_date) WHERE status IN ('suspended', 'expired');
CREATE INDEX services_cancel_idx ON services (cancel_effective_date)
  WHERE cancel_effective_date IS NOT NULL AND status IN ('pending', 'active', 'suspended');

-- One renewal document per service and period: the key makes the run idempotent and resumable
-- (a period already billed is never billed again, whatever crashed or ran twice).
CREATE TABLE service_renewals (
  service_id      text NOT NULL REFERENCES services (id),
  period_from     date NOT NULL,
  period_to       date NOT NULL,
  document_id     text NOT NULL REFERENCES documents (id),
  run_id          text,
  created_at      timestamptz NOT NULL,
  PRIMARY KEY (service_id, period_from),
  CHECK (period_to >= period_from)
);
CREATE INDEX service_renewals_document_idx ON service_renewals (document_id);

-- Expiry reminders (C3): one per service, due date and stage (days before), never twice.
CREATE TABLE service_reminders (
  service_id      text NOT NULL REFERENCES services (id),
  due_date        date NOT NULL,
  days_before     integer NOT NULL,
  sent_on         date NOT NULL,
  run_id          text,
  PRIMARY KEY (service_id, due_date, days_before)
);

-- Cancellation requests (C4): from the portal (counts as written) or by staff.
CREATE TABLE cancellation_requests (
  id              text PRIMARY KEY,
  service_id      text NOT NULL REFERENCES services (id),
  customer_id     text NOT NULL REFERENCES customers (id),
  requested_at    timestamptz NOT NULL,
  requested_by    text,
  reason          text,
  effective_date  date NOT NULL,
  status          text NOT NULL CHECK (status IN ('pending', 'effective', 'withdrawn', 'overridden')),
  decided_at      timestamptz,
  decided_by      text,
  decision_reason text,
  -- Documents of periods after the end that were cancelled (proforma) or credited (invoice).
  documents       jsonb NOT NULL DEFAULT '[]'
);
CREATE UNIQUE INDEX cancellation_requests_one_pending ON cancellation_requests (service_id)
  WHERE status = 'pending';
CREATE INDEX cancellation_requests_status_idx ON cancellation_requests (status, requested_at DESC);
CREATE INDEX cancellation_requests_customer_idx ON cancellation_requests (customer_id, requested_at DESC);

-- The daily billing run: one row per run (the schedule, the CLI, staff), with what it did.
CREATE TABLE billing_runs (
  id              text PRIMARY KEY,
  run_date        date NOT NULL,
  trigger         text NOT NULL CHECK (trigger IN ('schedule', 'cli', 'staff')),
  status          text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'interrupted')),
  started_at      timestamptz NOT NULL,
  heartbeat_at    timestamptz NOT NULL,
  finished_at     timestamptz,
  counts          jsonb NOT NULL DEFAULT '{}',
  problems        jsonb NOT NULL DEFAULT '[]',
  error           text
);
CREATE INDEX billing_runs_started_idx ON billing_runs (started_at DESC, id DESC);
