-- Service status notices (C7): planned maintenance, changes and outages that staff post for
-- services; the affected customers see them in the portal and get an e-mail copy.

CREATE TABLE status_notices (
  id              text PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('maintenance', 'change', 'outage')),
  severity        text NOT NULL DEFAULT 'info' CHECK (severity IN ('info', 'warning', 'critical')),
  -- The notice in both UI languages; a customer reads theirs, else the other one.
  title_hu        text NOT NULL DEFAULT '',
  title_en        text NOT NULL DEFAULT '',
  body_hu         text NOT NULL DEFAULT '',
  body_en         text NOT NULL DEFAULT '',
  starts_at       timestamptz NOT NULL,
  -- NULL: open-ended (an outage until it is resolved).
  ends_at         timestamptz,
  status          text NOT NULL CHECK (status IN ('draft', 'published', 'resolved', 'cancelled')),
  -- Whom it concerns: {"productIds": ["prd_…"], "servers": ["web1.example.hu"]}. A service is
  -- affected when it is pending, active or suspended and its product is listed, or it is on a
  -- listed server: the `server` of its most recent done provisioning task that reported one
  -- (names stored lower-case, compared lower-case).
  target          jsonb NOT NULL DEFAULT '{"productIds": [], "servers": []}',
  -- Counts edits of the published notice's content; an update e-mail goes out once per revision.
  revision        integer NOT NULL DEFAULT 1 CHECK (revision >= 1),
  created_by      text,
  created_at      timestamptz NOT NULL,
  published_at    timestamptz,
  resolved_at     timestamptz,
  cancelled_at    timestamptz,
  updated_at      timestamptz NOT NULL,
  CHECK (title_hu <> '' OR title_en <> ''),
  CHECK (ends_at IS NULL OR ends_at > starts_at),
  CHECK (status = 'cancelled' OR (published_at IS NULL) = (status = 'draft')),
  CHECK ((resolved_at IS NOT NULL) = (status = 'resolved')),
  CHECK ((cancelled_at IS NOT NULL) = (status = 'cancelled'))
);
CREATE INDEX status_notices_created_idx ON status_notices (created_at DESC, id DESC);
-- What the portal shows: published notices, and recently resolved ones.
CREATE INDEX status_notices_visible_idx ON status_notices (status, starts_at DESC)
  WHERE status IN ('published', 'resolved');

-- The customers a published notice reached. The key makes the e-mail copy go out once per
-- customer: publishing again (or a retried request) only adds, and mails, customers not yet here.
CREATE TABLE status_notice_recipients (
  notice_id       text NOT NULL REFERENCES status_notices (id),
  customer_id     text NOT NULL REFERENCES customers (id),
  created_at      timestamptz NOT NULL,
  -- When the first copy was queued (NULL: the customer has no contact to mail).
  mailed_at       timestamptz,
  -- The notice revision the customer was last mailed about (0: never mailed).
  mailed_revision integer NOT NULL DEFAULT 0,
  PRIMARY KEY (notice_id, customer_id)
);
CREATE INDEX status_notice_recipients_customer_idx ON status_notice_recipients (customer_id);
