import pg from "pg";
import { migrate, openPostgres } from "../../src/platform/db/index.ts";
import { hashPassword } from "../../src/modules/auth/index.ts";
import { isId } from "../../src/platform/ids.ts";
import { busyShare, round, say } from "./result.ts";
import { loadConfig } from "../../src/config/index.ts";
import { FixedClock } from "../../src/platform/clock.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { createRuntime, type Runtime } from "../../src/runtime.ts";

/**
 * The PostgreSQL data set of the `my-services` benchmark: Kapu's schema (its own migrations),
 * 100,000 customers with 10 services each, plus one customer with a single service, a handful
 * of products, and a login (user + contact) for a few customers. Loaded with set-based SQL in one
 * transaction, so a database holds either all of it or none of it; reruns find it and reuse it.
 */
export const DEFAULT_BENCH_DATABASE_URL =
  "postgres://kapu_bench:kapu_bench@127.0.0.1:5432/kapu_bench";

export const CUSTOMERS = 100_000;
export const SERVICES_PER_CUSTOMER = 10;
const PRODUCTS = 5;
/** Customer number CUSTOMERS + 1 has exactly one service (service number CUSTOMERS × 10 + 1). */
const SINGLE_SERVICE_CUSTOMER = CUSTOMERS + 1;
const TOTAL_CUSTOMERS = CUSTOMERS + 1;
const TOTAL_SERVICES = CUSTOMERS * SERVICES_PER_CUSTOMER + 1;

/** Customers (10 services each) that get a login: spread over the table. */
export const LOGIN_CUSTOMERS: readonly number[] = Array.from(
  { length: 8 },
  (_, k) => 1 + k * (CUSTOMERS / 8),
);
export const BENCH_PASSWORD = "bench-password-0123";

export interface BenchLogin {
  customerNumber: number;
  customerId: string;
  email: string;
  services: number;
}

export function benchDatabaseUrl(): string {
  return process.env.BENCH_DATABASE_URL || DEFAULT_BENCH_DATABASE_URL;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}

export const CREATE_DATABASE_HELP = [
  "Create the benchmark database once, as the PostgreSQL superuser, e.g.:",
  "  sudo -u postgres psql -c \"CREATE ROLE kapu_bench LOGIN PASSWORD 'kapu_bench'\"",
  '  sudo -u postgres psql -c "CREATE DATABASE kapu_bench OWNER kapu_bench"',
  "or set BENCH_DATABASE_URL to another empty database the benchmark may fill.",
  "Is PostgreSQL running? (Debian: pg_ctlcluster 15 main start)",
].join("\n");

/** Connects once; a clear error (with how to create the database) when that fails. */
export async function checkConnection(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    const result = await client.query<{ server_version: string }>("SHOW server_version");
    return result.rows[0]?.server_version ?? "unknown";
  } catch (error) {
    const reason = error instanceof Error ? error.message || error.name : String(error);
    throw new Error(
      `cannot connect to PostgreSQL at ${redact(url)} (BENCH_DATABASE_URL): ${reason}\n${CREATE_DATABASE_HELP}`,
      { cause: error },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

// Row ids in Kapu's format (prefix, 10 time characters, 16 more), deterministic so that the
// benchmark can name the rows it loaded: a fixed time part, then the row number in base 32.
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const TIME_PART = "01hkb3t800"; // 2024-01-01
const NUMBER_CHARS = 6; // up to 32^6 ≈ 1.07e9 rows

export function benchId(prefix: "cus" | "svc" | "prd" | "usr" | "con", n: number): string {
  let rest = n;
  let out = "";
  for (let i = 0; i < NUMBER_CHARS; i++) {
    out = ALPHABET.charAt(rest % 32) + out;
    rest = Math.floor(rest / 32);
  }
  const id = `${prefix}_${TIME_PART}${"0".repeat(16 - NUMBER_CHARS)}${out}`;
  if (!isId(id, prefix)) throw new Error(`bad bench id ${JSON.stringify(id)}`);
  return id;
}

/** The same id as benchId, computed in SQL from an integer expression. */
function benchIdSql(prefix: string, expr: string): string {
  const chars = Array.from({ length: NUMBER_CHARS }, (_, i) => {
    const shift = 5 * (NUMBER_CHARS - 1 - i);
    return `substr('${ALPHABET}', (((${expr}) >> ${shift}) & 31)::int + 1, 1)`;
  });
  return `'${prefix}_${TIME_PART}${"0".repeat(16 - NUMBER_CHARS)}' || ${chars.join(" || ")}`;
}

function loginEmail(customerNumber: number): string {
  return `bench-customer-${customerNumber}@example.com`;
}

export function benchLogins(): { tenServices: BenchLogin[]; oneService: BenchLogin } {
  const login = (n: number, services: number): BenchLogin => ({
    customerNumber: n,
    customerId: benchId("cus", n),
    email: loginEmail(n),
    services,
  });
  return {
    tenServices: LOGIN_CUSTOMERS.map((n) => login(n, SERVICES_PER_CUSTOMER)),
    oneService: login(SINGLE_SERVICE_CUSTOMER, 1),
  };
}

function loadScript(passwordHash: string): string {
  const base = "timestamptz '2024-01-01 00:00:00+00'";
  const logins = [...LOGIN_CUSTOMERS, SINGLE_SERVICE_CUSTOMER];
  const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;
  return `
INSERT INTO products (id, code, kind, name, description, active, created_at, updated_at)
SELECT ${benchIdSql("prd", "p")}, 'BENCH-' || p,
       (ARRAY['hosting', 'domain', 'software', 'ssl', 'addon'])[p],
       (ARRAY['Webtárhely Start', '.hu domain', 'Számlázó licenc', 'SSL tanúsítvány', 'Extra tárhely'])[p],
       '', true, ${base}, ${base}
FROM generate_series(1, ${PRODUCTS}) AS g(p);

INSERT INTO customers (id, code, kind, name, legal_name, country, postal_code, city, address_line,
                       language, currency, created_at, updated_at)
SELECT ${benchIdSql("cus", "c")}, 'C' || nextval('customer_code_seq'),
       CASE WHEN c % 3 = 0 THEN 'person' ELSE 'company' END,
       'Bench Ügyfél ' || c, 'Bench Ügyfél ' || c || ' Kft.', 'HU', '1011', 'Budapest',
       'Fő utca ' || c, CASE WHEN c % 5 = 0 THEN 'en' ELSE 'hu' END, 'HUF',
       ${base} + c * interval '1 minute', ${base} + c * interval '1 minute'
FROM generate_series(1, ${TOTAL_CUSTOMERS}) AS g(c);

-- Service s belongs to customer ((s - 1) % CUSTOMERS) + 1: a customer's services are spread over
-- the table, as services bought over the years are.
INSERT INTO services (id, customer_id, product_id, label, status, billing_cycle, currency, price,
                      start_date, next_due_date, created_at, updated_at)
SELECT ${benchIdSql("svc", "s")},
       ${benchIdSql("cus", `CASE WHEN s > ${CUSTOMERS * SERVICES_PER_CUSTOMER} THEN ${SINGLE_SERVICE_CUSTOMER} ELSE (s - 1) % ${CUSTOMERS} + 1 END`)},
       ${benchIdSql("prd", `s % ${PRODUCTS} + 1`)},
       'site-' || s || '.example.hu',
       (ARRAY['active', 'active', 'active', 'active', 'active', 'active', 'suspended', 'cancelled'])[s % 8 + 1],
       (ARRAY['monthly', 'annual', 'annual', 'quarterly'])[s % 4 + 1],
       'HUF', (s % 50 + 1) * 100000,
       date '2024-01-01' + (s % 700), date '2024-01-01' + (s % 700) + 30,
       ${base} + s * interval '1 second', ${base} + s * interval '1 second'
FROM generate_series(1, ${TOTAL_SERVICES}) AS g(s);

INSERT INTO users (id, email, name, password_hash, language, staff_role, created_at, updated_at)
SELECT ${benchIdSql("usr", "c")}, 'bench-customer-' || c || '@example.com', 'Bench Contact ' || c,
       ${literal(passwordHash)}, 'hu', NULL, ${base}, ${base}
FROM unnest(ARRAY[${logins.join(", ")}]) AS g(c);

INSERT INTO contacts (id, customer_id, user_id, name, email, is_primary, created_at, updated_at)
SELECT ${benchIdSql("con", "c")}, ${benchIdSql("cus", "c")}, ${benchIdSql("usr", "c")},
       'Bench Contact ' || c, 'bench-customer-' || c || '@example.com', true, ${base}, ${base}
FROM unnest(ARRAY[${logins.join(", ")}]) AS g(c);
`;
}

interface Counts {
  customers: number;
  services: number;
  logins: number;
}

async function counts(client: pg.Client): Promise<Counts> {
  const result = await client.query<{ customers: string; services: string; logins: string }>(
    `SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM services) AS services,
            (SELECT count(*) FROM contacts WHERE user_id IS NOT NULL AND email LIKE 'bench-customer-%@example.com') AS logins`,
  );
  const row = result.rows[0];
  return {
    customers: Number(row?.customers),
    services: Number(row?.services),
    logins: Number(row?.logins),
  };
}

/**
 * Migrates the database with Kapu's migrations, then loads the data set unless it is there.
 * Refuses a database that holds other data. Drops the sessions of earlier benchmark runs.
 */
export async function prepareData(url: string): Promise<void> {
  const database = openPostgres(url, 2);
  try {
    const migrated = await migrate(database);
    if (migrated.applied.length > 0) say(`  migrations applied: ${migrated.applied.join(", ")}`);
  } finally {
    await database.close();
  }

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const before = await counts(client);
    const expectedLogins = LOGIN_CUSTOMERS.length + 1;
    if (
      before.customers === TOTAL_CUSTOMERS &&
      before.services === TOTAL_SERVICES &&
      before.logins === expectedLogins
    ) {
      say(`  data: reusing ${before.customers} customers, ${before.services} services`);
    } else if (before.customers === 0 && before.services === 0) {
      say(
        `  data: loading ${TOTAL_CUSTOMERS} customers and ${TOTAL_SERVICES} services (one transaction, set-based SQL)…`,
      );
      const passwordHash = await hashPassword(BENCH_PASSWORD);
      const started = performance.now();
      await client.query("BEGIN");
      try {
        await client.query(loadScript(passwordHash));
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      }
      await client.query("VACUUM ANALYZE");
      say(`  data: loaded and analyzed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } else {
      throw new Error(
        `the benchmark database holds other data (${before.customers} customers, ${before.services} services, ` +
          `${before.logins} benchmark logins; expected ${TOTAL_CUSTOMERS}, ${TOTAL_SERVICES}, ${expectedLogins} or an empty database). ` +
          `Use a dedicated database: drop and recreate it.\n${CREATE_DATABASE_HELP}`,
      );
    }
    await client.query(
      "DELETE FROM sessions WHERE user_id IN (SELECT user_id FROM contacts WHERE email LIKE 'bench-customer-%@example.com')",
    );
  } finally {
    await client.end();
  }
}

/** Empties a benchmark database (public and pgboss schemas) for a run from scratch. */
export async function resetDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      "DROP SCHEMA IF EXISTS pgboss CASCADE; DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public",
    );
  } finally {
    await client.end();
  }
}

/** A production-like runtime on the benchmark database: no workers, no mail, a fixed clock. */
export async function openBenchRuntime(url: string, holder: string, now: string): Promise<Runtime> {
  const config = loadConfig({
    NODE_ENV: "production",
    DATABASE_URL: url,
    LOG_LEVEL: "silent",
    JOBS: "off",
    BASE_URL: "https://portal.example.hu",
  });
  return createRuntime(config, createLogger("silent"), {
    holder,
    clock: new FixedClock(now),
    mailTransport: null,
    maintenance: false,
  });
}

/**
 * Before a measurement: a CHECKPOINT (with the pg_checkpoint role), so that it does not pay for
 * writing out what was loaded or emptied, then up to two minutes for an idle machine.
 */
export async function settle(client: pg.Client): Promise<void> {
  const started = performance.now();
  try {
    await client.query("CHECKPOINT");
  } catch {
    say("  no CHECKPOINT privilege (GRANT pg_checkpoint TO kapu_bench for steadier figures)");
  }
  let busy: number | null = null;
  for (let i = 0; i < 120; i++) {
    busy = await busyShare();
    if (busy === null || busy < 0.1) break;
  }
  const secs = round((performance.now() - started) / 1000, 2);
  say(
    `  settled in ${secs} s (not counted)${busy !== null && busy >= 0.1 ? `; still ${Math.round(busy * 100)}% busy: figures will be noisier` : ""}`,
  );
}
