import fs from "node:fs";
import pg from "pg";
import { DEMO_SELLER } from "../src/demo/data.ts";
import { getSeller, saveInvoicingSettings, saveSeller } from "../src/modules/billing/index.ts";
import { checkHungarianTaxNumber } from "../src/modules/billing/domain/vat-number.ts";
import { getInvoicingSettings } from "../src/modules/billing/settings.ts";
import {
  runBillingDay,
  type BillingRunReport,
  type BillingRunStep,
} from "../src/modules/subscriptions/use-cases/billing-run.ts";
import type { Runtime } from "../src/runtime.ts";
import { checkConnection, openBenchRuntime, resetDatabase, settle } from "./lib/pg-fixture.ts";
import {
  goalLine,
  machineLine,
  median,
  round,
  say,
  type Benchmark,
  type BenchResult,
} from "./lib/result.ts";

/**
 * `billing-run`: the daily billing run (runBillingDay) on PostgreSQL with 1,000,000 active
 * services of 100,000 customers. Every day measured gets a fresh database (schemas dropped,
 * Kapu's migrations and pg-boss installed again, seeded set-based with that day's due dates):
 *
 * (c) nothing due (every due date more than 365 days away): goal ≤ 100 ms;
 * (b) a normal day: 1/30 of the services due in 14 days (their renewal proforma and expiry
 *     reminder), the rest in 200 days: goal ≤ 2 s;
 * (a) the worst day: every service due in 14 days, once per page size (default 2,000, then
 *     10,000): goal ≤ 1.5 × the FLOOR — the rows the run wrote counted per table and kind
 *     (documents, lines, renewal records, reminders, audit rows, outbox mails, pg-boss jobs, the
 *     run's row), a typical row of each copied aside, the database reset and seeded again, and
 *     the same number of rows written by one INSERT … SELECT … FROM generate_series per kind, in
 *     one transaction, with the copied values. (b) gets its floor too, for reference.
 *
 * A run still going after RUN_BENCH_DEADLINE_S (20 min) is cancelled and reported as not
 * finished. The clock is fixed at 2026-12-07 07:00 UTC (08:00 in Budapest, the scheduled run).
 */
const SERVICES = Number(process.env.RUN_BENCH_SERVICES ?? 1_000_000);
const CUSTOMERS = Math.max(1, Math.round(SERVICES / 10));
/** For experiments (the figures in docs/performance.md use the defaults unless said). */
const SCENARIOS = (process.env.RUN_BENCH_SCENARIOS ?? "c,b,a").split(",").map((s) => s.trim());
const PAGE_SIZES = (process.env.RUN_BENCH_PAGES ?? "2000,10000").split(",").map(Number);
const QUIET_REPEATS = Number(process.env.RUN_BENCH_REPEATS ?? 5);
const VERBOSE = process.env.RUN_BENCH_VERBOSE === "1";
/** A run still going after this long is cancelled and reported as not finished. */
const DEADLINE_MS = Number(process.env.RUN_BENCH_DEADLINE_S ?? 1_200) * 1000;
const DUE_EVERY = 30; // (b): every 30th service is due
const GOAL_RATIO = 1.5;
const GOAL_NORMAL_MS = 2_000;
const GOAL_QUIET_MS = 100;
const PEER_RATE = 400; // services/s: the peers' per-service loop
export const DEFAULT_RUN_DATABASE_URL =
  "postgres://kapu_bench:kapu_bench@127.0.0.1:5432/kapu_bench_run";
const DAY = "2026-12-07";
const NOW = `${DAY}T07:00:00Z`;

const HELP = [
  "Create the benchmark database once, as the PostgreSQL superuser (the benchmark drops and",
  "recreates its schemas on every run, so give it a database of its own), e.g.:",
  "  sudo -u postgres psql -c \"CREATE ROLE kapu_bench LOGIN PASSWORD 'kapu_bench'\"",
  '  sudo -u postgres psql -c "CREATE DATABASE kapu_bench_run OWNER kapu_bench"',
  '  sudo -u postgres psql -c "GRANT pg_checkpoint TO kapu_bench"   # optional: steadier figures',
  "or set RUN_BENCH_DATABASE_URL to another database whose name contains 'bench'.",
].join("\n");

const secs = (ms: number) => round(ms / 1000, 2);
const n = (x: number) => x.toLocaleString("en");

// ---------------------------------------------------------------------------------------------
// The data set
// ---------------------------------------------------------------------------------------------

/** Row ids, the same in SQL and in JavaScript. */
const idSql = (prefix: string, expr: string) => `'${prefix}_' || lpad((${expr})::text, 26, '0')`;
const customerOfSql = (s: string) => `((${s}) - 1) % ${CUSTOMERS} + 1`;
const PRODUCTS = {
  hostingAnnual: "prd_00000000000000000000000001",
  hostingMonthly: "prd_00000000000000000000000002",
  domain: "prd_00000000000000000000000003",
};

/** The due date of service number `s` (an SQL expression) on each day measured. */
const DUE_SQL: Record<string, (s: string) => string> = {
  a: () => `date '${DAY}' + 14`,
  b: (s) =>
    `CASE WHEN (${s}) / 10 % ${DUE_EVERY} = 0 THEN date '${DAY}' + 14 ELSE date '${DAY}' + 200 END`,
  c: () => `date '${DAY}' + 400`,
};

/**
 * 100,000 customers, by number mod 10: 0 a Hungarian person, the rest Hungarian companies with a
 * tax number whose check digit is right; 1 in 5 in English; each with an owner contact. Three
 * products. 1,000,000 active services, service s belonging to customer (s − 1) mod 100,000 + 1
 * (a customer's ten services are spread over the table), by s mod 10: 0 monthly hosting
 * (2,990 HUF), 1–2 an annual .hu domain (4,990 HUF), the rest annual hosting (35,880 HUF);
 * started on 2025-12-21, due as the day measured needs (DUE_SQL).
 */
function seedSql(scenario: string): string {
  const base = "timestamptz '2025-12-01 00:00:00+00'";
  // Hungarian tax number: 7 digits, the check digit (weights 9 7 3 1 9 7 3), VAT code, county.
  const first7 = "lpad((1000000 + c)::text, 7, '0')";
  const check = `(10 - (SELECT sum(substr(${first7}, i, 1)::int * (ARRAY[9, 7, 3, 1, 9, 7, 3])[i])
                          FROM generate_series(1, 7) AS i) % 10) % 10`;
  return `
INSERT INTO products (id, code, kind, name, description, active, created_at, updated_at) VALUES
  ('${PRODUCTS.hostingAnnual}', 'RUN-HOSTING-Y', 'hosting', 'Webtárhely Pro (éves)', '', true, ${base}, ${base}),
  ('${PRODUCTS.hostingMonthly}', 'RUN-HOSTING-M', 'hosting', 'Webtárhely Start (havi)', '', true, ${base}, ${base}),
  ('${PRODUCTS.domain}', 'RUN-DOMAIN-HU', 'domain', '.hu domain', '', true, ${base}, ${base});

INSERT INTO customers (id, code, kind, name, legal_name, country, postal_code, city, address_line,
                       tax_number, eu_vat_number, language, currency, created_at, updated_at)
SELECT ${idSql("cus", "c")}, 'C' || nextval('customer_code_seq'),
       CASE WHEN c % 10 = 0 THEN 'person' ELSE 'company' END,
       'Run Ügyfél ' || c,
       CASE WHEN c % 10 = 0 THEN 'Run Ügyfél ' || c ELSE 'Run Ügyfél ' || c || ' Kft.' END,
       'HU', '1051', 'Budapest', 'Fő utca ' || c || '.',
       CASE WHEN c % 10 = 0 THEN NULL ELSE ${first7} || ${check} || '-2-41' END,
       NULL, CASE WHEN c % 5 = 1 THEN 'en' ELSE 'hu' END, 'HUF', ${base}, ${base}
FROM generate_series(1, ${CUSTOMERS}) AS g(c);

INSERT INTO contacts (id, customer_id, user_id, name, email, is_primary, permissions, created_at, updated_at)
SELECT ${idSql("con", "c")}, ${idSql("cus", "c")}, NULL, 'Kapcsolattartó ' || c,
       'owner-' || c || '@example.com', true, ARRAY['owner'], ${base}, ${base}
FROM generate_series(1, ${CUSTOMERS}) AS g(c);

INSERT INTO services (id, customer_id, product_id, label, domain, status, billing_cycle, currency,
                      price, start_date, next_due_date, created_at, updated_at)
SELECT ${idSql("svc", "s")}, ${idSql("cus", customerOfSql("s"))},
       CASE WHEN s % 10 = 0 THEN '${PRODUCTS.hostingMonthly}'
            WHEN s % 10 IN (1, 2) THEN '${PRODUCTS.domain}' ELSE '${PRODUCTS.hostingAnnual}' END,
       CASE WHEN s % 10 IN (1, 2) THEN NULL ELSE 'Tárhely ' || s END,
       CASE WHEN s % 10 IN (1, 2) THEN 'pelda-' || s || '.hu' ELSE 'oldal-' || s || '.hu' END,
       'active', CASE WHEN s % 10 = 0 THEN 'monthly' ELSE 'annual' END, 'HUF',
       CASE WHEN s % 10 = 0 THEN 299000 WHEN s % 10 IN (1, 2) THEN 499000 ELSE 3588000 END,
       date '2025-12-21', ${DUE_SQL[scenario]!("s")}, ${base}, ${base}
FROM generate_series(1, ${SERVICES}) AS g(s);`;
}

async function seed(runtime: Runtime, client: pg.Client, scenario: string): Promise<void> {
  await runtime.db.transaction().execute(async (tx) => {
    await saveSeller(
      tx,
      { ...DEMO_SELLER, name: "Kapu Bench Tárhely Kft.", email: "szamlazas@bench.kapu.hu" },
      null,
      runtime.clock.now(),
    );
    await saveInvoicingSettings(tx, await getInvoicingSettings(tx), null, runtime.clock.now());
  });
  if (!(await getSeller(runtime.db))) throw new Error("seller not saved");
  await client.query("BEGIN");
  await client.query(seedSql(scenario));
  await client.query("COMMIT");
  // The SQL's tax numbers pass Kapu's check.
  const sample = await client.query<{ tax_number: string }>(
    "SELECT tax_number FROM customers WHERE tax_number IS NOT NULL ORDER BY id LIMIT 20",
  );
  for (const r of sample.rows)
    if (!checkHungarianTaxNumber(r.tax_number).ok)
      throw new Error(`seeded tax number ${r.tax_number} is not valid`);
  await client.query("VACUUM ANALYZE");
}

// ---------------------------------------------------------------------------------------------
// What a run writes
// ---------------------------------------------------------------------------------------------

const WRITTEN = [
  "documents",
  "document_lines",
  "service_renewals",
  "service_reminders",
  "audit_log",
  "mail_outbox",
  "pgboss.job",
];

async function rowCounts(client: pg.Client): Promise<Record<string, number>> {
  const r = await client.query<Record<string, string>>(
    `SELECT (SELECT count(*) FROM documents) AS documents,
            (SELECT count(*) FROM document_lines) AS document_lines,
            (SELECT count(*) FROM service_renewals) AS service_renewals,
            (SELECT count(*) FROM service_reminders) AS service_reminders,
            (SELECT count(*) FROM audit_log) AS audit_log,
            (SELECT count(*) FROM mail_outbox) AS mail_outbox,
            (SELECT count(*) FROM pgboss.job WHERE name = 'mail.send') AS "pgboss.job",
            (SELECT count(*) FROM billing_runs) AS billing_runs`,
  );
  return Object.fromEntries(Object.entries(r.rows[0] ?? {}).map(([k, v]) => [k, Number(v)]));
}

async function tableSizes(client: pg.Client): Promise<string> {
  const rows = (
    await client.query<{ t: string; mb: string }>(
      `SELECT t, round(coalesce((SELECT sum(pg_total_relation_size(p.relid))
                                 FROM pg_partition_tree(t::regclass) AS p),
                                pg_total_relation_size(t::regclass)) / 1048576.0)::text AS mb
       FROM unnest($1::text[]) AS t`,
      [WRITTEN],
    )
  ).rows;
  return rows.map((r) => `${r.t} ${r.mb} MB`).join(", ");
}

// ---------------------------------------------------------------------------------------------
// The floor
// ---------------------------------------------------------------------------------------------

/** One kind of row the run wrote, and how the floor writes as many of it. */
interface FloorRows {
  label: string;
  table: string;
  /** The rows of this kind the run wrote (`FROM … WHERE …`), counted and sampled. */
  from: string;
  /** Which of them is the typical one copied (bench_typical: the service chosen). */
  typical?: string;
  /** The floor's values for these columns (row g = 1 … count); the others copy the sample. */
  overrides: Record<string, string>;
}

const floorDoc = (g: string) => `'inv_f' || lpad((${g})::text, 25, '0')`;
const floorSvc = (g: string) => idSql("svc", `((${g}) - 1) % ${SERVICES} + 1`);
const floorCus = (g: string) => idSql("cus", customerOfSql(`((${g}) - 1) % ${SERVICES} + 1`));

function floorRows(): FloorRows[] {
  return [
    {
      label: "documents",
      table: "documents",
      from: "documents",
      typical: "id = (SELECT document_id FROM bench_typical)",
      overrides: {
        id: floorDoc("g"),
        number: "'FLR-2026-' || lpad(g::text, 7, '0')",
        payment_reference: "'RF00FLR' || lpad(g::text, 11, '0')",
        customer_id: floorCus("g"),
      },
    },
    {
      label: "document_lines",
      table: "document_lines",
      from: "document_lines",
      typical: "document_id = (SELECT document_id FROM bench_typical)",
      overrides: {
        id: "'inl_f' || lpad(g::text, 25, '0')",
        document_id: floorDoc("g"),
        service_id: floorSvc("g"),
      },
    },
    {
      label: "service_renewals",
      table: "service_renewals",
      from: "service_renewals",
      typical: "service_id = (SELECT service_id FROM bench_typical)",
      overrides: { service_id: floorSvc("g"), document_id: floorDoc("g") },
    },
    {
      label: "service_reminders",
      table: "service_reminders",
      from: "service_reminders",
      typical: "service_id = (SELECT service_id FROM bench_typical)",
      overrides: { service_id: floorSvc("g") },
    },
    {
      label: "audit_log (document issued)",
      table: "audit_log",
      from: "audit_log WHERE subject_type = 'document'",
      typical: "subject_id = (SELECT document_id FROM bench_typical)",
      overrides: {
        id: "'aud_fd' || lpad(g::text, 24, '0')",
        subject_id: floorDoc("g"),
        customer_id: floorCus("g"),
      },
    },
    {
      label: "audit_log (reminder)",
      table: "audit_log",
      from: "audit_log WHERE subject_type = 'service'",
      typical: "subject_id = (SELECT service_id FROM bench_typical)",
      overrides: {
        id: "'aud_fs' || lpad(g::text, 24, '0')",
        subject_id: floorSvc("g"),
        customer_id: floorCus("g"),
      },
    },
    {
      label: "mail_outbox (document issued)",
      table: "mail_outbox",
      from: "mail_outbox WHERE type LIKE 'billing.%'",
      typical:
        "attachments @> jsonb_build_array(jsonb_build_object('documentId', (SELECT document_id FROM bench_typical)))",
      overrides: { id: "'msg_fd' || lpad(g::text, 24, '0')", customer_id: floorCus("g") },
    },
    {
      label: "mail_outbox (reminder)",
      table: "mail_outbox",
      from: "mail_outbox WHERE type = 'service.expiry_reminder'",
      typical:
        "customer_id = (SELECT customer_id FROM bench_typical) AND strpos(text_body, (SELECT domain FROM bench_typical)) > 0",
      overrides: { id: "'msg_fs' || lpad(g::text, 24, '0')", customer_id: floorCus("g") },
    },
    {
      label: "pgboss.job (mail.send)",
      table: "pgboss.job",
      from: "pgboss.job WHERE name = 'mail.send'",
      // The data copied as it is: a batch of mail ids, as the run's jobs carry.
      overrides: { id: "gen_random_uuid()" },
    },
    {
      label: "billing_runs",
      table: "billing_runs",
      from: "billing_runs",
      overrides: { id: "'run_f' || lpad(g::text, 25, '0')" },
    },
    {
      label: "document_counters",
      table: "document_counters",
      from: "document_counters",
      overrides: {},
    },
  ];
}

/**
 * Where the copied rows wait while the database is reset for the floor (resetDatabase drops
 * the public and pgboss schemas only).
 */
const KEEP = "billing_run_bench_floor";

interface FloorPlan {
  statements: { label: string; sql: string }[];
  rows: { label: string; count: number }[];
}

/**
 * Counts each kind of row the run wrote and copies a typical one (of a Hungarian company's
 * annual hosting: the most common service, a buyer with a tax number) into the KEEP schema;
 * returns the floor's statements, which read the copies.
 */
async function planFloor(client: pg.Client): Promise<FloorPlan> {
  await client.query(`DROP SCHEMA IF EXISTS ${KEEP} CASCADE; CREATE SCHEMA ${KEEP}`);
  await client.query(`CREATE TEMP TABLE bench_typical AS
    SELECT r.service_id, r.document_id, s.customer_id, s.domain FROM service_renewals r
    JOIN services s ON s.id = r.service_id JOIN customers c ON c.id = s.customer_id
    WHERE s.product_id = '${PRODUCTS.hostingAnnual}' AND c.kind = 'company' AND c.language = 'hu'
    ORDER BY s.id LIMIT 1`);
  const plan: FloorPlan = { statements: [], rows: [] };
  for (const [k, f] of floorRows().entries()) {
    const count = Number(
      (await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${f.from}`)).rows[0]?.n ?? 0,
    );
    plan.rows.push({ label: f.label, count });
    if (count === 0) continue;
    const sample = `${KEEP}.sample_${k}`;
    const where = f.typical;
    const selected = where
      ? `${f.from}${f.from.includes(" WHERE ") ? " AND " : " WHERE "}${where}`
      : f.from;
    const [schema, name] = f.table.includes(".") ? f.table.split(".") : ["public", f.table];
    const columns = (
      await client.query<{ column_name: string; type: string | null }>(
        `SELECT column_name,
                CASE WHEN data_type = 'USER-DEFINED' THEN format('%I.%I', udt_schema, udt_name) END AS type
         FROM information_schema.columns
         WHERE table_schema = $1 AND table_name = $2 AND is_identity = 'NO'
         ORDER BY ordinal_position`,
        [schema, name],
      )
    ).rows;
    // Columns of the schema's own types (pg-boss's job state) are kept as text: the reset drops
    // the types, and with them the columns of a copy that used them.
    const kept = columns.map((c) =>
      c.type ? `${c.column_name}::text AS ${c.column_name}` : c.column_name,
    );
    const copied = await client.query(
      `CREATE TABLE ${sample} AS SELECT ${kept.join(", ")} FROM ${selected} LIMIT 1`,
    );
    if (copied.rowCount !== 1) throw new Error(`no typical row in ${f.label}`);
    const values = columns.map(
      (c) =>
        f.overrides[c.column_name] ??
        (c.type ? `s.${c.column_name}::${c.type}` : `s.${c.column_name}`),
    );
    plan.statements.push({
      label: f.label,
      sql: `INSERT INTO ${f.table} (${columns.map((c) => c.column_name).join(", ")})
       SELECT ${values.join(", ")}
       FROM generate_series(1, ${count}) AS g CROSS JOIN ${sample} s`,
    });
  }
  return plan;
}

// ---------------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------------

/**
 * utime + stime (ms) of each PostgreSQL backend of `database` on this machine (Linux), and of
 * the parallel workers of `backends` (a worker's title does not name the database).
 */
function backendTimes(database: string, backends: ReadonlySet<string>): Map<string, number> {
  const times = new Map<string, number>();
  if (!fs.existsSync("/proc/self")) return times;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (!title.startsWith("postgres: ")) continue;
      // A backend of the database, or a parallel worker (its title names the leader's pid).
      const leader = /parallel worker for PID (\d+)/.exec(title)?.[1];
      if (!title.includes(` ${database} `) && !(leader && backends.has(leader))) continue;
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      times.set(entry, (Number(fields[11]) + Number(fields[12])) * 10); // ticks of 10 ms
    } catch {
      // the process ended meanwhile
    }
  }
  return times;
}

/**
 * CPU time of this process and of the database's backends over an interval; the backends are
 * sampled every 200 ms so that a pool connection closing meanwhile keeps what it used.
 */
function trackCpu(database: string): { stop(): { node: number; postgres: number } } {
  const backends = new Set<string>();
  const baseline = backendTimes(database, backends);
  for (const pid of baseline.keys()) backends.add(pid);
  const last = new Map(baseline);
  const sample = () => {
    for (const [pid, ms] of backendTimes(database, backends)) {
      last.set(pid, ms);
      backends.add(pid);
    }
  };
  const timer = setInterval(sample, 200);
  const cpu0 = process.cpuUsage();
  return {
    stop() {
      const cpu = process.cpuUsage(cpu0);
      clearInterval(timer);
      sample();
      let postgres = 0;
      for (const [pid, ms] of last) postgres += ms - (baseline.get(pid) ?? 0);
      return { node: (cpu.user + cpu.system) / 1000, postgres };
    },
  };
}

interface Measured {
  report: BillingRunReport | null;
  ms: number;
  cpu: { node: number; postgres: number };
  /** Wall time per step, from the pages' callbacks (see stepLines). */
  steps: Map<string, number[]>;
  /** Cancelled at the deadline: what the last committed page reported. */
  unfinished: { step: string; done: number } | null;
}

/**
 * One runBillingDay call, timed from the call to its return. The run calls back after each
 * committed page (renewals, reminders) and after each state-change step; the time from one
 * callback to the next is the page's (a step's final, empty page query counts to the next
 * step's first page). At the deadline the database's running statements are cancelled (and
 * the next callback throws), which fails the run: its committed pages stay.
 */
async function measure(
  session: Session,
  database: string,
  pageSize: number | undefined,
): Promise<Measured> {
  const steps = new Map<string, number[]>();
  let progress = { step: "", done: 0 };
  let expired = false;
  const cpu = trackCpu(database);
  const started = performance.now();
  let last = started;
  const deadline = setTimeout(() => {
    expired = true;
    void session.client
      .query(
        `SELECT pg_cancel_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'`,
      )
      .catch(() => undefined);
  }, DEADLINE_MS);
  let report: BillingRunReport | null = null;
  try {
    report = await runBillingDay(session.runtime, {
      date: DAY,
      trigger: "cli",
      ...(pageSize ? { pageSize } : {}),
      onPage: (step: BillingRunStep, done: number) => {
        const t = performance.now();
        const list = steps.get(step) ?? [];
        list.push(t - last);
        steps.set(step, list);
        last = t;
        progress = { step, done };
        if (VERBOSE && (step === "renewals" || step === "reminders"))
          say(
            `      ${step} ${n(done)} at ${secs(t - started)} s (page ${round(list[list.length - 1]!)} ms), RSS ${Math.round(process.memoryUsage().rss / 1048576)} MB`,
          );
        if (expired) throw new Error("deadline");
      },
    });
  } catch (error) {
    if (!expired) throw error;
  } finally {
    clearTimeout(deadline);
  }
  const ms = performance.now() - started;
  steps.set(report ? "finish" : "cancelled page", [ms - (last - started)]);
  return { report, ms, cpu: cpu.stop(), steps, unfinished: report ? null : progress };
}

function stepLines(m: Measured): string[] {
  const lines: string[] = [];
  const parts = [...m.steps].map(([step, pages]) => {
    const total = pages.reduce((a, b) => a + b, 0);
    return `${step} ${secs(total)} s${pages.length > 1 ? ` (${pages.length} pages)` : ""}`;
  });
  lines.push(`    time by step: ${parts.join(", ")}`);
  for (const step of ["renewals", "reminders"]) {
    const pages = m.steps.get(step);
    if (!pages || pages.length < 2) continue;
    const fmt = (ms: number) => `${round(ms)} ms`;
    const tenth = Math.max(1, Math.floor(pages.length / 10));
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    lines.push(
      `    ${step} per page: median ${fmt(median(pages))}, first tenth ${fmt(avg(pages.slice(0, tenth)))}, last tenth ${fmt(avg(pages.slice(-tenth)))}, max ${fmt(Math.max(...pages))}`,
    );
  }
  return lines;
}

function countsLine(r: BillingRunReport | null): string {
  if (!r) return "    run report: none (the run failed)";
  return `    run report (${r.status}, ${r.durationMs} ms): ${Object.entries(r.counts)
    .map(([k, v]: [string, number]) => `${k} ${n(v)}`)
    .join(", ")}; problems ${r.problems.length}`;
}

const cpuLine = (cpu: { node: number; postgres: number }) =>
  `    CPU: Node ${secs(cpu.node)} s, PostgreSQL backends ${secs(cpu.postgres)} s; peak RSS of this process ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`;

// ---------------------------------------------------------------------------------------------

interface Figures {
  quiet?: number;
  normal?: number;
  worst: { pageSize: number; ms: number; finished: boolean }[];
  floor?: number;
}

interface Session {
  runtime: Runtime;
  client: pg.Client;
}

const TITLES: Record<string, string> = {
  a: "every service due",
  b: `1/${DUE_EVERY} of the services due`,
  c: "nothing due",
};

/**
 * A fresh database for a day: the previous session closed, the schemas dropped, Kapu's
 * migrations and pg-boss installed again, seeded with the day's due dates, then settled.
 */
async function fresh(url: string, scenario: string, previous: Session | null): Promise<Session> {
  if (previous) {
    await previous.client.end();
    await previous.runtime.close();
  }
  const started = performance.now();
  await resetDatabase(url);
  const runtime = await openBenchRuntime(url, "bench billing-run", NOW);
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await seed(runtime, client, scenario);
  } catch (error) {
    await client.end().catch(() => undefined);
    await runtime.close();
    throw error;
  }
  say(
    `  database reset, migrated and seeded for (${scenario}) in ${secs(performance.now() - started)} s (not counted)`,
  );
  await settle(client);
  return { runtime, client };
}

async function dueCount(client: pg.Client): Promise<number> {
  const r = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM services WHERE next_due_date <= date '${DAY}' + 14`,
  );
  return Number(r.rows[0]?.n);
}

/** (c): the run several times on the same day (each finds nothing); the first one counts. */
async function quietDay(session: Session, database: string): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < QUIET_REPEATS; i++) {
    const m = await measure(session, database, undefined);
    if (!m.report) throw new Error("the run did not finish");
    runs.push(m.ms);
    if (i > 0) continue;
    say(`  (c) Kapu runBillingDay, first run: ${round(m.ms, 1)} ms`);
    say(countsLine(m.report));
    const steps = [...m.steps].map(
      ([step, pages]) =>
        `${step} ${round(
          pages.reduce((a, b) => a + b, 0),
          1,
        )}`,
    );
    say(`    time by step, ms: ${steps.join(", ")}`);
    say(`    CPU: Node ${round(m.cpu.node)} ms, PostgreSQL backends ${m.cpu.postgres} ms`);
  }
  const first = runs[0]!;
  say(
    `  ${QUIET_REPEATS} runs: ${runs.map((ms) => `${round(ms, 1)} ms`).join(", ")}; median ${round(median(runs), 1)} ms`,
  );
  say(
    goalLine(
      `nothing due ≤ ${GOAL_QUIET_MS} ms (first run ${round(first, 1)} ms, median ${round(median(runs), 1)} ms)`,
      first <= GOAL_QUIET_MS && median(runs) <= GOAL_QUIET_MS,
    ),
  );
  return first;
}

interface BusyResult {
  ms: number;
  finished: boolean;
}

/** (a) and (b): one run, its figures, and checks of what it wrote. */
async function busyDay(
  session: Session,
  database: string,
  scenario: string,
  pageSize: number,
  due: number,
): Promise<BusyResult> {
  const m = await measure(session, database, pageSize);
  if (m.unfinished) {
    const { step, done } = m.unfinished;
    say(
      `  (${scenario}) Kapu runBillingDay, page size ${n(pageSize)}: NOT FINISHED, cancelled at the deadline after ${secs(m.ms)} s; the last page committed: ${step} ${n(done)} of ${n(due)}`,
    );
    for (const line of stepLines(m)) say(line);
    const pages = [...(m.steps.get("renewals") ?? []), ...(m.steps.get("cancelled page") ?? [])];
    say(`    page times: ${pages.map((ms) => `${secs(ms)} s`).join(", ")}`);
    if (step === "renewals" && done > 0)
      say(
        `    at the average page time so far, the renewals alone would take ${round(((m.ms / done) * due) / 60_000, 1)} min`,
      );
    say(cpuLine(m.cpu));
    return { ms: m.ms, finished: false };
  }
  const report = m.report!;
  say(
    `  (${scenario}) Kapu runBillingDay, page size ${n(pageSize)}: ${secs(m.ms)} s (${n(Math.round(due / (m.ms / 1000)))} services/s)`,
  );
  say(countsLine(report));
  for (const line of stepLines(m)) say(line);
  say(cpuLine(m.cpu));
  say(
    `    for comparison, a per-service loop at ${PEER_RATE} services/s: ${secs((due / PEER_RATE) * 1000)} s`,
  );
  // Checks: one proforma, renewal record and reminder per due service, numbers gapless.
  const c = report.counts;
  const docs = await session.client.query<{ n: string; max: string | null }>(
    "SELECT count(*) AS n, max(substring(number from '[0-9]+$')::int) AS max FROM documents WHERE series = 'DBK'",
  );
  const counts = await rowCounts(session.client);
  if (
    c.renewalDocuments !== due ||
    c.reminders !== due ||
    c.renewalProblems !== 0 ||
    Number(docs.rows[0]?.n) !== due ||
    Number(docs.rows[0]?.max) !== due ||
    counts.service_renewals !== due ||
    counts.service_reminders !== due
  )
    throw new Error(
      `unexpected outcome: ${JSON.stringify({ counts: c, documents: docs.rows[0], rows: counts })}`,
    );
  say(
    `    checked: ${n(due)} proformas numbered DBK-2026-…1 to …${due} without gaps, one renewal record and one reminder per due service`,
  );
  say(
    `    rows written: ${Object.entries(counts)
      .map(([t, x]) => `${t} ${n(x)}`)
      .join(", ")}`,
  );
  return { ms: m.ms, finished: true };
}

/** The floor of a finished (a) run: its rows counted and copied, written again on a fresh database. */
async function floorAfter(
  url: string,
  database: string,
  session: Session,
  scenario: string,
): Promise<{ session: Session; ms: number }> {
  say(`    sizes: ${await tableSizes(session.client)}`);
  const plan = await planFloor(session.client);
  say(`  floor: ${plan.rows.map((r) => `${r.label} ${n(r.count)}`).join(", ")}`);
  const next = await fresh(url, scenario, session);
  const { client } = next;
  const cpu = trackCpu(database);
  const started = performance.now();
  const each: string[] = [];
  await client.query("BEGIN");
  for (const { label, sql } of plan.statements) {
    const t = performance.now();
    await client.query(sql);
    each.push(`${label} ${secs(performance.now() - t)} s`);
  }
  const t = performance.now();
  await client.query("COMMIT");
  each.push(`commit ${secs(performance.now() - t)} s`);
  const ms = performance.now() - started;
  const floorCpu = cpu.stop();
  say(
    `  floor (INSERT … SELECT, the same rows, one transaction): ${secs(ms)} s; CPU: PostgreSQL backends ${secs(floorCpu.postgres)} s`,
  );
  say(`    by statement: ${each.join(", ")}`);
  say(`    sizes: ${await tableSizes(client)}`);
  await client.query(`DROP SCHEMA ${KEEP} CASCADE`);
  return { session: next, ms };
}

async function run(): Promise<BenchResult> {
  const url = process.env.RUN_BENCH_DATABASE_URL || DEFAULT_RUN_DATABASE_URL;
  const dbName = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!dbName.includes("bench"))
    throw new Error(
      `refusing to reset database "${dbName}": its name must contain "bench"\n${HELP}`,
    );
  const unknown = SCENARIOS.filter((s) => !(s in DUE_SQL));
  if (unknown.length > 0) throw new Error(`unknown day ${unknown.join(", ")} (a, b or c)`);
  const version = await checkConnection(url).catch((error: unknown) => {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${HELP}`);
  });
  say(
    `billing-run: runBillingDay on ${DAY} with ${n(SERVICES)} active services of ${n(CUSTOMERS)} customers, PostgreSQL ${version}, node ${process.versions.node}`,
  );
  say(
    `  days: ${SCENARIOS.join(", ")}; page sizes for (a): ${PAGE_SIZES.map(n).join(", ")}; a run is cancelled after ${DEADLINE_MS / 60_000} min`,
  );
  say(await machineLine());

  const figures: Figures = { worst: [] };
  let session: Session | null = null;
  try {
    for (const scenario of SCENARIOS) {
      const sizes = scenario === "a" ? PAGE_SIZES : [2_000];
      for (const pageSize of sizes) {
        say(
          `\n(${scenario}) ${TITLES[scenario]}${scenario === "a" ? `, page size ${n(pageSize)}` : ""}`,
        );
        session = await fresh(url, scenario, session);
        const due = await dueCount(session.client);
        say(`  ${n(due)} services due within the renewal lead (14 days)`);
        if (scenario === "c") {
          figures.quiet = await quietDay(session, dbName);
          continue;
        }
        const r = await busyDay(session, dbName, scenario, pageSize, due);
        if (scenario === "b") {
          figures.normal = r.ms;
          if (r.finished) {
            // For reference (the goal is absolute): what storing the same rows costs.
            const f = await floorAfter(url, dbName, session, scenario);
            session = f.session;
            say(`  (b) Kapu / floor: ${round(r.ms / f.ms, 2)}`);
          }
          say(
            goalLine(
              `normal day ≤ ${GOAL_NORMAL_MS / 1000} s`,
              r.finished && r.ms <= GOAL_NORMAL_MS,
            ),
          );
          continue;
        }
        figures.worst.push({ pageSize, ...r });
        if (r.finished && figures.floor === undefined) {
          const f = await floorAfter(url, dbName, session, scenario);
          session = f.session;
          figures.floor = f.ms;
        }
      }
    }
  } finally {
    if (session) {
      await session.client.end();
      await session.runtime.close();
    }
  }

  if (figures.worst.length > 0) {
    say("");
    const floor = figures.floor;
    if (floor === undefined) say("(a) no run finished: no floor measured");
    for (const w of figures.worst) {
      const vs = floor === undefined ? "" : ` / floor ${secs(floor)} s = ${round(w.ms / floor, 2)}`;
      say(
        `(a) page size ${n(w.pageSize)}: Kapu ${w.finished ? "" : "> "}${secs(w.ms)} s${w.finished ? "" : " (not finished)"}${vs}`,
      );
      say(
        goalLine(
          `every service due ≤ ${GOAL_RATIO} × the floor (page size ${n(w.pageSize)})`,
          w.finished && floor !== undefined && w.ms / floor <= GOAL_RATIO,
        ),
      );
    }
  }
  const headline = figures.worst[0]?.ms ?? figures.normal ?? figures.quiet ?? 0;
  return {
    name: "billing-run",
    value: secs(headline),
    unit: "s",
    floor: figures.floor === undefined ? null : secs(figures.floor),
    ratio:
      figures.floor === undefined || figures.worst.length === 0
        ? null
        : round(headline / figures.floor, 3),
  };
}

export const billingRun: Benchmark = {
  name: "billing-run",
  description:
    "the daily billing run on 1,000,000 services: nothing due, 1/30 due, all due (vs an INSERT … SELECT floor)",
  run,
};
