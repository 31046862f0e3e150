-- Catalog and ordering (issue 5, B1–B2): domain prices per TLD for register / renew / transfer,
-- plans that include a free domain, and orders (a proforma for the services ordered together).

-- A domain product prices one TLD: `amount` of its annual price is the renewal, and
-- register_amount / transfer_amount the first year when registering / transferring
-- (NULL = the renewal price). A hosting plan may include a free domain of some TLDs.
ALTER TABLE products
  ADD COLUMN tld              text CHECK (tld ~ '^[a-z0-9-]+(\.[a-z0-9-]+)*$'),
  ADD COLUMN free_domain_tlds text[] NOT NULL DEFAULT '{}';
CREATE UNIQUE INDEX products_active_tld_key ON products (tld) WHERE tld IS NOT NULL AND active;

ALTER TABLE product_prices
  ADD COLUMN register_amount bigint CHECK (register_amount >= 0),
  ADD COLUMN transfer_amount bigint CHECK (transfer_amount >= 0);

-- An order: the services a customer ordered together and the proforma that asks for them.
-- Paying the proforma releases the services (billing.invoice-paid → provisioning).
CREATE TABLE orders (
  id              text PRIMARY KEY,
  customer_id     text NOT NULL REFERENCES customers (id),
  document_id     text NOT NULL REFERENCES documents (id),
  idempotency_key text,
  items           jsonb NOT NULL,
  created_at      timestamptz NOT NULL,
  created_by      text,
  UNIQUE (customer_id, idempotency_key)
);
CREATE INDEX orders_customer_idx ON orders (customer_id, created_at DESC, id DESC);

ALTER TABLE services
  ADD COLUMN order_id          text REFERENCES orders (id),
  -- What the order asked of the registrar for a domain: register or transfer (with its code).
  ADD COLUMN provisioning_data jsonb NOT NULL DEFAULT '{}';
-- Pending services of orders: the billing run drops those left unpaid.
CREATE INDEX services_pending_order_idx ON services (order_id) WHERE status = 'pending';
