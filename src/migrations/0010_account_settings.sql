-- Account settings (issue 6): where each type of mail to a customer goes (notification
-- addresses, seed 003). Forward-only.

-- A contact is named together with its account, so a setting can never point at another
-- account's contact (the composite foreign key below).
CREATE UNIQUE INDEX contacts_id_customer_key ON contacts (id, customer_id);

-- Up to a few targets per (account, type): each one of the account's contacts (its current
-- e-mail address is used) or an address of its own. A type without rows gets the default
-- recipients (owner and billing contacts, else the primary contact). Removing a contact removes
-- the targets that named it.
CREATE TABLE notification_addresses (
  customer_id     text NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  type            text NOT NULL CHECK (type IN ('invoices', 'support', 'abuse', 'technical', 'renewals')),
  position        smallint NOT NULL CHECK (position >= 0 AND position < 10),
  contact_id      text,
  email           text CHECK (email IS NULL OR (length(email) BETWEEN 3 AND 254 AND email LIKE '%_@_%')),
  created_at      timestamptz NOT NULL,
  PRIMARY KEY (customer_id, type, position),
  FOREIGN KEY (contact_id, customer_id) REFERENCES contacts (id, customer_id) ON DELETE CASCADE,
  CHECK ((contact_id IS NULL) <> (email IS NULL))
);
CREATE INDEX notification_addresses_contact_idx ON notification_addresses (contact_id)
  WHERE contact_id IS NOT NULL;
