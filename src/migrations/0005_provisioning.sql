-- Provisioning (I1, B3): the module that sets up a product's service (a hosting control panel,
-- an SSL vendor, …, or staff by hand), and one task per thing to do to a service.

-- Per product: the provisioning module by name (NULL = nothing to provision) and its settings.
ALTER TABLE products
  ADD COLUMN provisioning_module   text,
  ADD COLUMN provisioning_settings jsonb NOT NULL DEFAULT '{}';

-- One thing to do to a service (create, suspend, …) with a module, as run by the
-- `provisioning.run` job or done by staff (status 'manual'). Nothing fails silently: a task the
-- module gave up on stays 'failed', with the module's message, until staff retry or cancel it.
CREATE TABLE provisioning_tasks (
  id              text PRIMARY KEY,
  service_id      text NOT NULL REFERENCES services (id),
  customer_id     text NOT NULL REFERENCES customers (id),
  action          text NOT NULL CHECK (action IN ('create', 'suspend', 'unsuspend', 'terminate', 'renew', 'change_plan')),
  module          text NOT NULL,
  status          text NOT NULL CHECK (status IN ('queued', 'running', 'waiting', 'done', 'failed', 'manual', 'cancelled')),
  -- Calls of the module so far (every retry and every check of a pending result counts).
  attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error      text,
  -- What the module reported when done, shown to the customer (user name, panel URL; no secrets).
  result          jsonb,
  -- What the module asked to be given back when it checks a pending result again.
  module_state    jsonb,
  -- 'waiting': when the module asked to be checked again.
  check_after     timestamptz,
  -- Staff's note when they completed or cancelled it.
  note            text,
  requested_by    text,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  finished_at     timestamptz,
  CHECK ((finished_at IS NOT NULL) = (status IN ('done', 'cancelled')))
);
-- At most one unfinished task per service and action: requesting it again finds this one.
CREATE UNIQUE INDEX provisioning_tasks_open_key ON provisioning_tasks (service_id, action)
  WHERE finished_at IS NULL;
-- The staff lists (failures, the manual queue, everything) and a service's history.
CREATE INDEX provisioning_tasks_status_idx ON provisioning_tasks (status, created_at DESC, id DESC);
CREATE INDEX provisioning_tasks_created_idx ON provisioning_tasks (created_at DESC, id DESC);
CREATE INDEX provisioning_tasks_service_idx ON provisioning_tasks (service_id, created_at DESC, id DESC);
