import fs from "node:fs";
import pg from "pg";
import { DEMO_SELLER } from "../src/demo/data.ts";
import {
  getSeller,
  saveInvoicingSettings,
  saveSeller,
  setExchangeRate,
} from "../src/modules/billing/index.ts";
import { getInvoicingSettings } from "../src/modules/billing/settings.ts";
import {
  issueInvoicesInBulk,
  type BulkInvoiceRequest,
  type BulkIssueResult,
} from "../src/modules/billing/use-cases/bulk-issue.ts";
import { verifyLedger } from "../src/modules/billing/use-cases/verify-ledger.ts";
import type { Actor } from "../src/platform/audit.ts";
import { Money, type CurrencyCode } from "../src/platform/money/index.ts";
import type { Runtime } from "../src/runtime.ts";
import { checkConnection, openBenchRuntime, resetDatabase } from "./lib/pg-fixture.ts";
import {
  goalLine,
  machineLine,
  round,
  say,
  type Benchmark,
  type BenchResult,
} from "./lib/result.ts";

/**
 * `bulk-issue`: the daily billing run's write path. On a PostgreSQL database of its own, reset on
 * every run (schemas dropped, Kapu's migrations and pg-boss installed again), with 10,000
 * customers: 100,000 invoices of 3 lines through issueInvoicesInBulk (one call, default chunk
 * size, e-mails queued), timed from the call to its return; checked (row counts, gapless
 * numbers, ledger verification). Then the FLOOR on the same database: the tables emptied again
 * and the same number of rows of each table written by one INSERT … SELECT … FROM generate_series
 * per table, in one transaction, with values copied from a row Kapu wrote (same sizes, same
 * JSON, same NAV XML) — what PostgreSQL needs to store those rows, with no application at all.
 */
const DOCS = Number(process.env.BULK_BENCH_DOCS ?? 100_000);
const CUSTOMERS = 10_000;
const CREDIT_EVERY = 100; // 1 % of the customers hold credit on their account
const GOAL_RATIO = 3;
export const DEFAULT_BULK_DATABASE_URL =
  "postgres://kapu_bench:kapu_bench@127.0.0.1:5432/kapu_bench_bulk";
const NOW = "2026-11-23T07:00:00Z"; // the daily run, 08:00 in Budapest

const HELP = [
  "Create the benchmark database once, as the PostgreSQL superuser (the benchmark drops and",
  "recreates its schemas on every run, so give it a database of its own), e.g.:",
  "  sudo -u postgres psql -c \"CREATE ROLE kapu_bench LOGIN PASSWORD 'kapu_bench'\"",
  '  sudo -u postgres psql -c "CREATE DATABASE kapu_bench_bulk OWNER kapu_bench"',
  "or set BULK_BENCH_DATABASE_URL to another database whose name contains 'bench'.",
].join("\n");

const actor: Actor = { type: "system", name: "bench bulk-issue" };

/** Customer c's id, the same in the seed SQL and in JavaScript (Kapu's id shape). */
const customerIdSql = (expr: string) => `'cus_' || lpad((${expr})::text, 26, '0')`;
const customerId = (c: number) => `cus_${String(c).padStart(26, "0")}`;
const serviceIdSql = (expr: string) => `'svc_' || lpad((${expr})::text, 26, '0')`;
const serviceId = (c: number) => `svc_${String(c).padStart(26, "0")}`;

/**
 * The customers, by c mod 20: 0 a German business with a VIES-confirmed VAT number (reverse
 * charge, EUR), 1 an Austrian consumer (OSS, EUR: not reported to NAV), 2–4 Hungarian persons,
 * 5 a Hungarian company invoiced in EUR, the rest Hungarian companies in HUF. Every customer has
 * an owner contact (the e-mail goes there) and one hosting service; 1 % hold credit.
 */
function seedSql(): string {
  const base = "timestamptz '2026-01-01 00:00:00+00'";
  return `
INSERT INTO products (id, code, kind, name, description, active, created_at, updated_at)
VALUES ('prd_00000000000000000000000001', 'BULK-HOSTING', 'hosting', 'Webtárhely Start', '', true, ${base}, ${base});

INSERT INTO customers (id, code, kind, name, legal_name, country, postal_code, city, address_line,
                       tax_number, eu_vat_number, language, currency, created_at, updated_at)
SELECT ${customerIdSql("c")}, 'C' || nextval('customer_code_seq'),
       CASE WHEN c % 20 IN (1, 2, 3, 4) THEN 'person' ELSE 'company' END,
       'Bulk Ügyfél ' || c, 'Bulk Ügyfél ' || c || CASE WHEN c % 20 = 0 THEN ' GmbH' ELSE ' Kft.' END,
       CASE c % 20 WHEN 0 THEN 'DE' WHEN 1 THEN 'AT' ELSE 'HU' END,
       CASE c % 20 WHEN 0 THEN '10115' WHEN 1 THEN '1010' ELSE '1051' END,
       CASE c % 20 WHEN 0 THEN 'Berlin' WHEN 1 THEN 'Wien' ELSE 'Budapest' END,
       'Fő utca ' || c || '.',
       CASE WHEN c % 20 IN (0, 1, 2, 3, 4) THEN NULL
            ELSE lpad((10000000 + c)::text, 8, '0') || '-2-41' END,
       CASE WHEN c % 20 = 0 THEN 'DE' || lpad(c::text, 9, '0') END,
       CASE WHEN c % 5 = 0 OR c % 20 = 1 THEN 'en' ELSE 'hu' END,
       CASE WHEN c % 20 IN (0, 1, 5) THEN 'EUR' ELSE 'HUF' END,
       ${base}, ${base}
FROM generate_series(1, ${CUSTOMERS}) AS g(c);

INSERT INTO contacts (id, customer_id, user_id, name, email, is_primary, permissions, created_at, updated_at)
SELECT 'con_' || lpad(c::text, 26, '0'), ${customerIdSql("c")}, NULL, 'Kapcsolattartó ' || c,
       'billing-' || c || '@example.com', true, ARRAY['owner'], ${base}, ${base}
FROM generate_series(1, ${CUSTOMERS}) AS g(c);

INSERT INTO services (id, customer_id, product_id, label, status, billing_cycle, currency, price,
                      start_date, next_due_date, created_at, updated_at)
SELECT ${serviceIdSql("c")}, ${customerIdSql("c")}, 'prd_00000000000000000000000001',
       'site-' || c || '.example.hu', 'active', 'monthly',
       CASE WHEN c % 20 IN (0, 1, 5) THEN 'EUR' ELSE 'HUF' END, 299000, date '2025-12-01',
       date '2026-12-01', ${base}, ${base}
FROM generate_series(1, ${CUSTOMERS}) AS g(c);

INSERT INTO vat_number_checks (id, customer_id, vat_number, source, result, name, address,
                               request_identifier, detail, checked_at)
SELECT 'vck_' || lpad(c::text, 26, '0'), ${customerIdSql("c")}, 'DE' || lpad(c::text, 9, '0'),
       'vies', 'valid', NULL, NULL, NULL, 'bench', timestamptz '2026-11-20 09:00:00+00'
FROM generate_series(20, ${CUSTOMERS}, 20) AS g(c);

-- Credit on the account (an overpayment: cash in, customer_credit out), booked as Kapu books it.
INSERT INTO ledger_transactions (id, customer_id, kind, document_id, payment_id, memo, at, actor_type, actor_id)
SELECT 'ltx_' || lpad(c::text, 26, '0'), ${customerIdSql("c")}, 'payment', NULL, NULL, 'overpayment',
       ${base}, 'system', 'bench'
FROM generate_series(${CREDIT_EVERY}, ${CUSTOMERS}, ${CREDIT_EVERY}) AS g(c);
INSERT INTO ledger_entries (txn_id, customer_id, account, currency, amount)
SELECT 'ltx_' || lpad(c::text, 26, '0'), ${customerIdSql("c")}, a.account,
       CASE WHEN c % 20 IN (0, 1, 5) THEN 'EUR' ELSE 'HUF' END,
       a.sign * CASE WHEN c % 20 IN (0, 1, 5) THEN 10000 ELSE 5000000 END
FROM generate_series(${CREDIT_EVERY}, ${CUSTOMERS}, ${CREDIT_EVERY}) AS g(c)
CROSS JOIN (VALUES ('cash', 1), ('customer_credit', -1)) AS a(account, sign);
INSERT INTO customer_balances (customer_id, currency, receivable, credit, updated_at)
SELECT ${customerIdSql("c")}, CASE WHEN c % 20 IN (0, 1, 5) THEN 'EUR' ELSE 'HUF' END, 0,
       -CASE WHEN c % 20 IN (0, 1, 5) THEN 10000 ELSE 5000000 END, ${base}
FROM generate_series(${CREDIT_EVERY}, ${CUSTOMERS}, ${CREDIT_EVERY}) AS g(c);
`;
}

/** Invoice i: the renewal of customer (i mod 10,000)'s hosting, a domain and a backup add-on. */
function requests(): BulkInvoiceRequest[] {
  const eur = (c: number) => [0, 1, 5].includes(c % 20);
  return Array.from({ length: DOCS }, (_, i) => {
    const c = (i % CUSTOMERS) + 1;
    const currency: CurrencyCode = eur(c) ? "EUR" : "HUF";
    const m = (huf: string, e: string) => Money.parse(currency === "HUF" ? huf : e, currency);
    return {
      kind: "invoice",
      customerId: customerId(c),
      currency,
      lines: [
        {
          description: `Webtárhely Start – site-${c}.example.hu`,
          quantity: "1",
          unit: "month",
          unitPrice: m("2990", "7.90"),
          serviceId: serviceId(c),
          periodFrom: "2026-12-01",
          periodTo: "2026-12-31",
        },
        {
          description: `.hu domain – example-${c}.hu`,
          quantity: "1",
          unit: "year",
          unitPrice: m("4990", "12.90"),
          discount: c % 3 === 0 ? m("499", "1.29") : null,
        },
        {
          description: "Napi mentés (kiegészítő)",
          quantity: "1.5",
          unit: "month",
          unitPrice: m("990", "2.50"),
        },
      ],
    };
  });
}

/** Tables the run writes, with what the floor must write instead of the copied row's key. */
interface FloorTable {
  table: string;
  /** A row Kapu wrote, the floor's values (`s`): SQL after FROM, may join `g`. */
  sample: string;
  /** How the floor's row g is joined to the sample rows (default: every g to the one row). */
  join?: string;
  overrides: Record<string, string>;
  count: string;
}

const doc = (expr: string) => `'inv_f' || lpad((${expr})::text, 25, '0')`;
const txn = (expr: string) => `'ltx_f' || lpad((${expr})::text, 25, '0')`;
const cust = (expr: string) => customerIdSql(`((${expr}) - 1) % ${CUSTOMERS} + 1`);

function floorTables(): FloorTable[] {
  return [
    {
      table: "documents",
      sample: "SELECT * FROM documents WHERE id = (SELECT id FROM bench_typical)",
      overrides: {
        id: doc("g"),
        number: "'FLR-2026-' || lpad(g::text, 6, '0')",
        payment_reference: "'RF00FLR' || lpad(g::text, 11, '0')",
        customer_id: cust("g"),
      },
      count: "SELECT count(*) FROM documents",
    },
    {
      table: "document_lines",
      sample:
        "SELECT * FROM document_lines WHERE document_id = (SELECT id FROM bench_typical) ORDER BY position",
      join: "s.position = (g - 1) % 3 + 1",
      overrides: {
        id: "'inl_f' || lpad(g::text, 25, '0')",
        document_id: doc("(g - 1) / 3 + 1"),
        service_id: `CASE WHEN s.service_id IS NULL THEN NULL ELSE ${serviceIdSql(`((g - 1) / 3) % ${CUSTOMERS} + 1`)} END`,
      },
      count: "SELECT count(*) FROM document_lines",
    },
    {
      table: "ledger_transactions",
      sample:
        "SELECT * FROM ledger_transactions WHERE document_id = (SELECT id FROM bench_typical)",
      overrides: {
        id: txn("g"),
        customer_id: cust("g"),
        document_id: doc(`(g - 1) % (SELECT count(*) FROM documents) + 1`),
      },
      count: "SELECT count(*) FROM ledger_transactions WHERE memo <> 'overpayment'",
    },
    {
      table: "ledger_entries",
      sample: `SELECT e.*, row_number() OVER (ORDER BY e.id) AS rn FROM ledger_entries e
        JOIN ledger_transactions t ON t.id = e.txn_id WHERE t.document_id = (SELECT id FROM bench_typical)`,
      join: "s.rn = (g - 1) % 3 + 1",
      overrides: {
        txn_id: txn("(g - 1) / 3 + 1"),
        customer_id: cust("(g - 1) / 3 + 1"),
      },
      count:
        "SELECT count(*) FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.txn_id WHERE t.memo <> 'overpayment'",
    },
    {
      table: "customer_balances",
      sample:
        "SELECT * FROM customer_balances WHERE customer_id = (SELECT customer_id FROM bench_typical)",
      overrides: { customer_id: cust("g") },
      count: "SELECT count(*) FROM customer_balances",
    },
    {
      table: "allocations",
      sample: "SELECT * FROM allocations LIMIT 1",
      overrides: {
        id: "'alc_f' || lpad(g::text, 25, '0')",
        document_id: doc("g"),
        ledger_txn_id: txn("g"),
      },
      count: "SELECT count(*) FROM allocations",
    },
    {
      table: "document_files",
      sample: "SELECT * FROM document_files WHERE document_id = (SELECT id FROM bench_typical)",
      // A new value, as a writer's would be: copying the sample's would copy its compressed
      // form and skip the compression every real insert of an 8 KB XML pays.
      overrides: {
        document_id: doc("g"),
        content: "convert_to(convert_from(s.content, 'UTF8'), 'UTF8')",
      },
      count: "SELECT count(*) FROM document_files",
    },
    {
      table: "audit_log",
      sample: "SELECT * FROM audit_log WHERE subject_id = (SELECT id FROM bench_typical)",
      overrides: {
        id: "'aud_f' || lpad(g::text, 25, '0')",
        subject_id: doc("g"),
        customer_id: cust("g"),
      },
      count: "SELECT count(*) FROM audit_log WHERE action = 'billing.invoice_issued'",
    },
    {
      table: "mail_outbox",
      sample: `SELECT * FROM mail_outbox WHERE attachments @> jsonb_build_array(jsonb_build_object('documentId', (SELECT id FROM bench_typical)))`,
      overrides: { id: "'msg_f' || lpad(g::text, 25, '0')", customer_id: cust("g") },
      count: "SELECT count(*) FROM mail_outbox",
    },
    {
      table: "pgboss.job",
      sample: `SELECT * FROM pgboss.job WHERE name = 'mail.send' LIMIT 1`,
      overrides: {
        id: "gen_random_uuid()",
        data: "jsonb_build_object('id', 'msg_f' || lpad(g::text, 25, '0'))",
      },
      count: "SELECT count(*) FROM pgboss.job WHERE name = 'mail.send'",
    },
  ];
}

interface FloorPlan {
  sql: string[];
  rows: Record<string, number>;
}

/** Copies the sample rows into temporary tables and writes the floor's statements. */
async function planFloor(client: pg.Client): Promise<FloorPlan> {
  // A typical invoice: a Hungarian company's, in HUF, not touched by account credit.
  await client.query(`CREATE TEMP TABLE bench_typical AS
    SELECT d.id, d.customer_id FROM documents d
    WHERE d.currency = 'HUF' AND d.buyer->>'kind' = 'company' AND d.paid_amount = 0
    ORDER BY d.number LIMIT 1`);
  const plan: FloorPlan = { sql: [], rows: {} };
  for (const t of floorTables()) {
    const n = Number((await client.query<{ count: string }>(t.count)).rows[0]?.count ?? 0);
    plan.rows[t.table] = n;
    if (n === 0) continue;
    const sample = `bench_sample_${t.table.replace(".", "_")}`;
    await client.query(`CREATE TEMP TABLE ${sample} AS ${t.sample}`);
    const [schema, name] = t.table.includes(".") ? t.table.split(".") : ["public", t.table];
    const columns = (
      await client.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns
         WHERE table_schema = $1 AND table_name = $2 AND is_identity = 'NO'
         ORDER BY ordinal_position`,
        [schema, name],
      )
    ).rows.map((r) => r.column_name);
    const values = columns.map((c) => t.overrides[c] ?? `s.${c}`);
    plan.sql.push(
      `INSERT INTO ${t.table} (${columns.join(", ")})
       SELECT ${values.join(", ")}
       FROM generate_series(1, ${n}) AS g ${t.join ? `JOIN ${sample} s ON ${t.join}` : `CROSS JOIN ${sample} s`}`,
    );
  }
  return plan;
}

const WRITTEN =
  "documents, document_lines, ledger_transactions, ledger_entries, customer_balances, allocations, document_files, audit_log, mail_outbox, document_counters";

async function emptyWrittenTables(client: pg.Client): Promise<void> {
  await client.query(`TRUNCATE ${WRITTEN}`);
  await client.query("DELETE FROM pgboss.job WHERE name = 'mail.send'");
  await client.query(`VACUUM ANALYZE ${WRITTEN}, pgboss.job`);
}

async function tableSizes(client: pg.Client): Promise<string> {
  const rows = (
    await client.query<{ t: string; mb: string }>(
      `SELECT t, round(pg_total_relation_size(t::regclass) / 1048576.0)::text AS mb
       FROM unnest(string_to_array($1, ', ')) AS t`,
      [`${WRITTEN}, pgboss.job`],
    )
  ).rows;
  return rows.map((r) => `${r.t} ${r.mb} MB`).join(", ");
}

const secs = (ms: number) => round(ms / 1000, 2);

/** utime + stime (ms) of each PostgreSQL backend serving `user`@`database` on this machine. */
function backendTimes(user: string, database: string): Map<string, number> {
  const times = new Map<string, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (!title.startsWith("postgres: ") || !title.includes(` ${user} ${database} `)) continue;
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      times.set(entry, (Number(fields[11]) + Number(fields[12])) * 10); // clock ticks of 10 ms
    } catch {
      // the process ended meanwhile
    }
  }
  return times;
}

/**
 * CPU time of the database's backends over an interval, sampled every 200 ms so that a backend
 * closing meanwhile (an idle pool connection) keeps what it used up to its last sample. null
 * when the database is not on this machine (or not Linux).
 */
function trackPostgresCpu(url: string): { stop(): number | null } {
  const u = new URL(url);
  if (!["127.0.0.1", "localhost", "[::1]", ""].includes(u.hostname) || !fs.existsSync("/proc/self"))
    return { stop: () => null };
  const user = decodeURIComponent(u.username);
  const database = decodeURIComponent(u.pathname.slice(1));
  const baseline = backendTimes(user, database);
  const last = new Map(baseline);
  const sample = () => {
    for (const [pid, ms] of backendTimes(user, database)) last.set(pid, ms);
  };
  const timer = setInterval(sample, 200);
  return {
    stop() {
      clearInterval(timer);
      sample();
      let total = 0;
      for (const [pid, ms] of last) total += ms - (baseline.get(pid) ?? 0);
      return total;
    },
  };
}

function cpuLine(processMs: number, postgresMs: number | null): string {
  return `CPU: this process ${secs(processMs)} s, PostgreSQL backends ${postgresMs === null ? "n/a" : `${secs(postgresMs)} s`}`;
}

const processCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function timingLines(t: BulkIssueResult["timings"]): string[] {
  return [
    `    prepare (validate, read customers/evidence/rates, decide VAT) ${secs(t.prepareMs)} s`,
    `    JavaScript per chunk (overlaps the database): rows and views ${secs(t.composeMs)} s, NAV XML ${secs(t.navMs)} s, e-mails ${secs(t.mailMs)} s`,
    `    waiting for the database only: ${secs(t.waitMs)} s`,
  ];
}

async function seed(runtime: Runtime, url: string): Promise<void> {
  await runtime.db.transaction().execute(async (tx) => {
    await saveSeller(
      tx,
      { ...DEMO_SELLER, name: "Kapu Bench Tárhely Kft.", email: "szamlazas@bench.kapu.hu" },
      null,
      runtime.clock.now(),
    );
    await saveInvoicingSettings(tx, await getInvoicingSettings(tx), null, runtime.clock.now());
    await setExchangeRate(
      tx,
      runtime,
      { currency: "EUR", date: "2026-11-20", rate: "389.12", source: "bench" },
      actor,
    );
  });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query(seedSql());
    await client.query("COMMIT");
    await client.query("VACUUM ANALYZE");
  } finally {
    await client.end();
  }
  if (!(await getSeller(runtime.db))) throw new Error("seller not saved");
}

async function run(): Promise<BenchResult> {
  const url = process.env.BULK_BENCH_DATABASE_URL || DEFAULT_BULK_DATABASE_URL;
  const dbName = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!dbName.includes("bench"))
    throw new Error(
      `refusing to reset database "${dbName}": its name must contain "bench"\n${HELP}`,
    );
  // Tuning knobs for experiments (the figures in docs/performance.md use the defaults).
  const chunkSize = process.env.BULK_CHUNK ? Number(process.env.BULK_CHUNK) : undefined;
  const batchSize = process.env.BULK_BATCH ? Number(process.env.BULK_BATCH) : undefined;
  const notify = process.env.BULK_NOTIFY !== "0";
  const version = await checkConnection(url).catch((error: unknown) => {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${HELP}`);
  });
  say(
    `bulk-issue: ${DOCS.toLocaleString("en")} invoices × 3 lines for ${CUSTOMERS.toLocaleString("en")} customers, PostgreSQL ${version}, node ${process.versions.node}`,
  );
  say(
    `  chunk size ${chunkSize ?? "default (5,000)"}, batch size ${batchSize ?? "default (500)"}, e-mails ${notify ? "queued" : "off (notify: false)"}`,
  );
  say(await machineLine());

  let started = performance.now();
  await resetDatabase(url);
  const runtime = await openBenchRuntime(url, "bench bulk-issue", NOW);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await seed(runtime, url);
    say(
      `  database reset, migrated and seeded in ${secs(performance.now() - started)} s (not counted)`,
    );
    const input = requests();
    // Kapu.
    let pgCpu = trackPostgresCpu(url);
    let cpu = processCpuMs();
    started = performance.now();
    const verbose = process.env.BULK_BENCH_VERBOSE === "1";
    const result = await issueInvoicesInBulk(runtime, input, actor, {
      ...(chunkSize ? { chunkSize } : {}),
      ...(batchSize ? { batchSize } : {}),
      notify,
      onChunk: ({ chunk, chunks, issued }) => {
        if (!verbose) return;
        const heap = Math.round(process.memoryUsage().heapUsed / 1048576);
        say(
          `    chunk ${chunk}/${chunks}: ${issued} issued at ${secs(performance.now() - started)} s, heap ${heap} MB`,
        );
      },
    });
    const kapuMs = performance.now() - started;
    const kapuCpu = { node: processCpuMs() - cpu, postgres: pgCpu.stop() };
    say(
      `  Kapu issueInvoicesInBulk: ${secs(kapuMs)} s (${Math.round(DOCS / (kapuMs / 1000)).toLocaleString("en")} invoices/s, ${result.chunks} chunks)`,
    );
    for (const line of timingLines(result.timings)) say(line);
    say(`    ${cpuLine(kapuCpu.node, kapuCpu.postgres)}`);
    say(
      `    peak memory (RSS) of this process: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
    );

    // Checks: every invoice written once, numbers gapless, the ledger in balance.
    const numbers = (
      await client.query<{ n: string; max: string }>(
        "SELECT count(*) AS n, max(right(number, 6)::int) AS max FROM documents WHERE series = 'KAPU'",
      )
    ).rows[0];
    if (Number(numbers?.n) !== DOCS || Number(numbers?.max) !== DOCS)
      throw new Error(
        `expected ${DOCS} invoices numbered 1…${DOCS}, found ${JSON.stringify(numbers)}`,
      );
    started = performance.now();
    const ledger = await verifyLedger(runtime.db);
    if (!ledger.ok)
      throw new Error(`ledger verification failed: ${JSON.stringify(ledger.problems.slice(0, 3))}`);
    say(
      `  checked: ${DOCS} invoices numbered KAPU-2026-000001…${String(DOCS).padStart(6, "0")} without gaps; ledger verified (${ledger.transactions} transactions) in ${secs(performance.now() - started)} s`,
    );
    say(`  sizes: ${await tableSizes(client)}`);

    // The floor: the same rows, INSERT … SELECT, one transaction.
    const plan = await planFloor(client);
    say(
      `  rows written: ${Object.entries(plan.rows)
        .map(([t, n]) => `${t} ${n.toLocaleString("en")}`)
        .join(", ")}`,
    );
    await emptyWrittenTables(client);
    pgCpu = trackPostgresCpu(url);
    cpu = processCpuMs();
    started = performance.now();
    await client.query("BEGIN");
    for (const statement of plan.sql) await client.query(statement);
    await client.query("COMMIT");
    const floorMs = performance.now() - started;
    const floorCpu = { node: processCpuMs() - cpu, postgres: pgCpu.stop() };
    say(`  floor (INSERT … SELECT, same rows, one transaction): ${secs(floorMs)} s`);
    say(`    ${cpuLine(floorCpu.node, floorCpu.postgres)}`);

    const ratio = kapuMs / floorMs;
    say(`  ratio Kapu / floor: ${round(ratio, 2)}`);
    say(goalLine(`Kapu ≤ ${GOAL_RATIO} × the floor`, ratio <= GOAL_RATIO));
    return {
      name: "bulk-issue",
      value: secs(kapuMs),
      unit: "s",
      floor: secs(floorMs),
      ratio: round(ratio, 3),
    };
  } finally {
    await client.end();
    await runtime.close();
  }
}

export const bulkIssue: Benchmark = {
  name: "bulk-issue",
  description:
    "100,000 invoices × 3 lines via issueInvoicesInBulk on PostgreSQL vs an INSERT … SELECT floor",
  run,
};
