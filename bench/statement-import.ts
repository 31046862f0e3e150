import fs from "node:fs";
import pg from "pg";
import { DEMO_SELLER } from "../src/demo/data.ts";
import {
  getSeller,
  issueDocument,
  saveInvoicingSettings,
  saveSeller,
  verifyLedger,
} from "../src/modules/billing/index.ts";
import { getInvoicingSettings } from "../src/modules/billing/settings.ts";
import { importStatement, type ImportReport } from "../src/modules/payments/index.ts";
import type { Actor } from "../src/platform/audit.ts";
import { creditorReference } from "../src/platform/creditor-reference.ts";
import { Money } from "../src/platform/money/index.ts";
import type { Runtime } from "../src/runtime.ts";
import { checkConnection, openBenchRuntime, resetDatabase, settle } from "./lib/pg-fixture.ts";
import {
  busyShare,
  goalLine,
  machineLine,
  round,
  say,
  type Benchmark,
  type BenchResult,
} from "./lib/result.ts";

/**
 * `statement-import`: bank statement import and matching at scale. On a PostgreSQL database of
 * its own, reset on every run: 100,000 customers with 1,000,000 open documents (99 % invoices,
 * 1 % proformas), written set-based (INSERT … SELECT … FROM generate_series, values copied from
 * an invoice and a proforma Kapu issued, with the invoices' ledger and balances), then a
 * statement of 100,000 lines generated in memory, imported with importStatement (one call,
 * default chunk size), timed from the call to its return — parse, record, read what the lines
 * can match, decide, apply. Checked (line states, payments, verifyLedger). Then the FLOOR on the
 * same database: the same lines loaded into a temporary table and ONE `SELECT … JOIN documents`
 * matching them by the RF reference in their text, in one transaction — what PostgreSQL needs
 * to find the documents, with no application at all (the goal's floor); and, for comparison,
 * the same with ONE `UPDATE documents … FROM` that also settles them. After seeding, a
 * CHECKPOINT (with the pg_checkpoint role) and a wait for an idle machine keep the writing-out
 * of the seed out of the figures.
 *
 * The lines, by position (i mod 1,000): 850 quote an open invoice's exact RF reference and pay
 * it in full; 50 quote it with one digit mistyped (the amount confirms it); 40 give no reference,
 * only the customer's name and the amount; 30 are unknown (neither); 20 pay half an invoice; 2
 * over-pay an invoice (the rest is credit); 1 pays a proforma (its final invoice is issued);
 * 7 are debits (bank fees).
 */
const DOCS = Number(process.env.BANK_BENCH_DOCS ?? 1_000_000);
const LINES = Number(process.env.BANK_BENCH_LINES ?? 100_000);
const CUSTOMERS = Math.max(1, Math.floor(DOCS / 10));
const PROFORMA_EVERY = 100;
const FORMAT = (process.env.BANK_BENCH_FORMAT ?? "csv") as "csv" | "camt053";
const GOAL_RATIO = 2;
/**
 * For experiments (the figures in docs/performance.md use none): BANK_BENCH_PHASE `seed` stops
 * after seeding, `seeded` skips reset and seed (run it on a copy of a seeded database);
 * BANK_BENCH_DOCS, BANK_BENCH_LINES, BANK_BENCH_FORMAT (csv or camt053), BANK_CHUNK,
 * BANK_CONCURRENCY.
 */
const PHASE = process.env.BANK_BENCH_PHASE ?? "all";
export const DEFAULT_BANK_DATABASE_URL =
  "postgres://kapu_bench:kapu_bench@127.0.0.1:5432/kapu_bench_bank";
const NOW = "2026-11-23T07:00:00Z";
const OWN_IBAN = DEMO_SELLER.bankAccount.iban;

const HELP = [
  "Create the benchmark database once, as the PostgreSQL superuser (the benchmark drops and",
  "recreates its schemas on every run, so give it a database of its own), e.g.:",
  "  sudo -u postgres psql -c \"CREATE ROLE kapu_bench LOGIN PASSWORD 'kapu_bench'\"",
  '  sudo -u postgres psql -c "CREATE DATABASE kapu_bench_bank OWNER kapu_bench"',
  '  sudo -u postgres psql -c "GRANT pg_checkpoint TO kapu_bench"   # optional: steadier figures',
  "or set BANK_BENCH_DATABASE_URL to another database whose name contains 'bench'.",
].join("\n");

const actor: Actor = { type: "system", name: "bench statement-import" };
const secs = (ms: number) => round(ms / 1000, 2);

// ---------------------------------------------------------------------------------------------
// The documents, the same in SQL and in JavaScript
// ---------------------------------------------------------------------------------------------

/** Document g (1 … DOCS): a proforma every 100th, else an invoice; numbers start at 2. */
const isProforma = (g: number) => g % PROFORMA_EVERY === 0;
const seriesOf = (g: number) => (isProforma(g) ? "DBK" : "KAPU");
const seqOf = (g: number) => g + 1;
const customerOf = (g: number) => ((g - 1) % CUSTOMERS) + 1;
/** Net in fillér: 1,000 … 50,800 HUF in steps of 100 HUF (VAT 27 % is then exact). */
const netOf = (g: number) => BigInt(10 + ((g * 7919) % 499)) * 10_000n;
const grossOf = (g: number) => (netOf(g) * 127n) / 100n;
const bodyOf = (g: number) => `${seriesOf(g)}2026${String(seqOf(g)).padStart(6, "0")}`;
const referenceOf = (g: number) => creditorReference(bodyOf(g));
const customerName = (c: number) => `Bench Ügyfél ${c} Kft.`;

const id = (prefix: string, expr: string) => `'${prefix}_' || lpad((${expr})::text, 26, '0')`;
/** ISO 7064 digits of the series letters (K=20 A=10 P=25 U=30; D=13 B=11 K=20). */
const SERIES_DIGITS: Record<string, string> = { KAPU: "20102530", DBK: "131120" };

function seedCustomersSql(): string {
  const base = "timestamptz '2026-01-01 00:00:00+00'";
  return `
INSERT INTO customers (id, code, kind, name, legal_name, country, postal_code, city, address_line,
                       tax_number, eu_vat_number, language, currency, created_at, updated_at)
SELECT ${id("cus", "c")}, 'C' || nextval('customer_code_seq'), 'company',
       'Bench Ügyfél ' || c, 'Bench Ügyfél ' || c || ' Kft.', 'HU', '1051', 'Budapest',
       'Fő utca ' || c || '.', lpad((10000000 + c)::text, 8, '0') || '-2-41', NULL,
       CASE WHEN c % 5 = 0 THEN 'en' ELSE 'hu' END, 'HUF', ${base}, ${base}
FROM generate_series(1, ${CUSTOMERS}) AS g(c);

INSERT INTO contacts (id, customer_id, user_id, name, email, is_primary, permissions, created_at, updated_at)
SELECT ${id("con", "c")}, ${id("cus", "c")}, NULL, 'Kapcsolattartó ' || c,
       'billing-' || c || '@example.com', true, ARRAY['owner'], ${base}, ${base}
FROM generate_series(1, ${CUSTOMERS}) AS g(c);`;
}

/** The documents, copied from the invoice and proforma Kapu issued (bench_sample). */
function seedDocumentsSql(columns: readonly string[]): string {
  const overrides: Record<string, string> = {
    id: id("inv", "g.g"),
    kind: "g.kind",
    series: "g.series",
    number:
      "g.series || '-2026-' || lpad((g.g + 1)::text, greatest(6, length((g.g + 1)::text)), '0')",
    customer_id: id("cus", "g.c"),
    net_total: "g.net",
    vat_total: "g.vat",
    gross_total: "g.net + g.vat",
    vat_total_huf: "g.vat",
    payment_reference:
      "'RF' || lpad((98 - mod((g.digits || '2026' || lpad((g.g + 1)::text, greatest(6, length((g.g + 1)::text)), '0') || '271500')::numeric, 97))::text, 2, '0') || g.series || '2026' || lpad((g.g + 1)::text, greatest(6, length((g.g + 1)::text)), '0')",
    vat_breakdown:
      "jsonb_build_array(jsonb_set(jsonb_set(jsonb_set(jsonb_set(s.vat_breakdown->0, '{vat}', to_jsonb(g.vat::text)), '{vatHuf}', to_jsonb(g.vat::text)), '{taxable}', to_jsonb(g.net::text)), '{vatRateBp}', '2700'))",
    buyer:
      "jsonb_set(jsonb_set(jsonb_set(s.buyer, '{name}', to_jsonb('Bench Ügyfél ' || g.c || ' Kft.')), '{addressLine}', to_jsonb('Fő utca ' || g.c || '.')), '{taxNumber}', to_jsonb(lpad((10000000 + g.c)::text, 8, '0') || '-2-41'))",
  };
  const values = columns.map((c) => overrides[c] ?? `s.${c}`);
  return `
INSERT INTO documents (${columns.join(", ")})
SELECT ${values.join(", ")}
FROM (
  SELECT g, CASE WHEN g % ${PROFORMA_EVERY} = 0 THEN 'proforma' ELSE 'invoice' END AS kind,
         CASE WHEN g % ${PROFORMA_EVERY} = 0 THEN 'DBK' ELSE 'KAPU' END AS series,
         CASE WHEN g % ${PROFORMA_EVERY} = 0 THEN '${SERIES_DIGITS.DBK}' ELSE '${SERIES_DIGITS.KAPU}' END AS digits,
         (g - 1) % ${CUSTOMERS} + 1 AS c,
         (10 + (g::bigint * 7919) % 499)::bigint * 10000 AS net,
         (10 + (g::bigint * 7919) % 499)::bigint * 2700 AS vat
  FROM generate_series(1, ${DOCS}) AS g
) AS g
JOIN bench_sample s ON s.kind = g.kind;`;
}

function seedRestSql(lineColumns: readonly string[]): string {
  const lineOverrides: Record<string, string> = {
    id: "'inl_' || lpad(g::text, 26, '0')",
    document_id: id("inv", "g"),
    unit_price: "(10 + (g::bigint * 7919) % 499)::bigint * 10000",
    net_amount: "(10 + (g::bigint * 7919) % 499)::bigint * 10000",
    vat_amount: "(10 + (g::bigint * 7919) % 499)::bigint * 2700",
    gross_amount: "(10 + (g::bigint * 7919) % 499)::bigint * 12700",
    service_id: "NULL",
  };
  const lineValues = lineColumns.map((c) => lineOverrides[c] ?? `l.${c}`);
  const invoices = `FROM generate_series(1, ${DOCS}) AS g WHERE g % ${PROFORMA_EVERY} <> 0`;
  const base = "timestamptz '2026-11-01 08:00:00+00'";
  return `
INSERT INTO document_lines (${lineColumns.join(", ")})
SELECT ${lineValues.join(", ")}
FROM generate_series(${PROFORMA_EVERY}, ${DOCS}, ${PROFORMA_EVERY}) AS g CROSS JOIN bench_sample_line l;

INSERT INTO ledger_transactions (id, customer_id, kind, document_id, payment_id, memo, at, actor_type, actor_id)
SELECT ${id("ltx", "g")}, ${id("cus", `(g - 1) % ${CUSTOMERS} + 1`)}, 'invoice', ${id("inv", "g")}, NULL,
       'invoice KAPU-2026-' || lpad((g + 1)::text, greatest(6, length((g + 1)::text)), '0'), ${base}, 'system', 'bench'
${invoices};

INSERT INTO ledger_entries (txn_id, customer_id, account, currency, amount)
SELECT ${id("ltx", "g")}, ${id("cus", `(g - 1) % ${CUSTOMERS} + 1`)}, a.account, 'HUF',
       a.sign * (10 + (g::bigint * 7919) % 499)::bigint * a.per
FROM generate_series(1, ${DOCS}) AS g
CROSS JOIN (VALUES ('receivable', 1, 12700), ('revenue', -1, 10000), ('vat_output', -1, 2700)) AS a(account, sign, per)
WHERE g % ${PROFORMA_EVERY} <> 0;

INSERT INTO customer_balances (customer_id, currency, receivable, credit, updated_at)
SELECT ${id("cus", `(g - 1) % ${CUSTOMERS} + 1`)}, 'HUF', sum((10 + (g::bigint * 7919) % 499)::bigint * 12700), 0, ${base}
${invoices}
GROUP BY 1
ON CONFLICT (customer_id, currency) DO UPDATE SET receivable = customer_balances.receivable + excluded.receivable;

INSERT INTO document_counters (series, year, last_number) VALUES ('KAPU', 2026, ${DOCS + 1}), ('DBK', 2026, ${DOCS + 1})
ON CONFLICT (series, year) DO UPDATE SET last_number = excluded.last_number;`;
}

async function columnsOf(client: pg.Client, table: string): Promise<string[]> {
  const r = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name = $1 AND is_identity = 'NO'
     ORDER BY ordinal_position`,
    [table],
  );
  return r.rows.map((x) => x.column_name);
}

async function seed(runtime: Runtime, client: pg.Client): Promise<void> {
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
  await client.query(seedCustomersSql());
  await client.query("COMMIT");
  // One invoice and one proforma issued by Kapu (numbers 1): the rows every other is copied from.
  const samples: Record<string, string> = {};
  for (const kind of ["invoice", "proforma"] as const) {
    const doc = await runtime.db.transaction().execute((tx) =>
      issueDocument(
        tx,
        runtime,
        {
          kind,
          customerId: `cus_${"1".padStart(26, "0")}`,
          currency: "HUF",
          issueDate: "2026-11-01",
          dueDate: "2026-11-15",
          silent: true,
          lines: [
            {
              description: "Webtárhely Start – havidíj",
              quantity: "1",
              unit: "month",
              unitPrice: Money.parse("2990", "HUF"),
            },
          ],
        },
        actor,
      ),
    );
    samples[kind] = doc.id;
  }
  await client.query("BEGIN");
  await client.query(
    `CREATE TEMP TABLE bench_sample ON COMMIT DROP AS SELECT * FROM documents WHERE id = ANY($1)`,
    [Object.values(samples)],
  );
  await client.query(
    `CREATE TEMP TABLE bench_sample_line ON COMMIT DROP AS SELECT * FROM document_lines WHERE document_id = $1`,
    [samples.proforma],
  );
  await client.query(seedDocumentsSql(await columnsOf(client, "documents")));
  await client.query(seedRestSql(await columnsOf(client, "document_lines")));
  await client.query("COMMIT");
  // The formulas agree with Kapu's: the references of two generated documents.
  for (const g of [1, PROFORMA_EVERY, DOCS - 1]) {
    const r = await client.query<{ payment_reference: string }>(
      `SELECT payment_reference FROM documents WHERE id = 'inv_' || lpad($1::text, 26, '0')`,
      [g],
    );
    if (r.rows[0]?.payment_reference !== referenceOf(g))
      throw new Error(`generated reference ${r.rows[0]?.payment_reference} ≠ ${referenceOf(g)}`);
  }
  await client.query("VACUUM ANALYZE");
}

// ---------------------------------------------------------------------------------------------
// The statement
// ---------------------------------------------------------------------------------------------

interface BenchLine {
  amount: bigint;
  direction: "credit" | "debit";
  name: string;
  account: string;
  text: string;
}

/** Distinct documents for the lines, spread over the table (7919 is prime to DOCS). */
function documentPicker(): (i: number, proforma: boolean) => number {
  const used = new Set<number>();
  return (i, proforma) => {
    for (let k = 0; k < DOCS; k++) {
      const g = proforma
        ? (((i * 7919 + k) % Math.floor(DOCS / PROFORMA_EVERY)) + 1) * PROFORMA_EVERY
        : ((i * 7919 + 13 + k) % DOCS) + 1;
      if (isProforma(g) !== proforma || used.has(g)) continue;
      used.add(g);
      return g;
    }
    throw new Error("more lines than documents");
  };
}

/** Whether no other document of g's customer has g's amount (amount + payer is then unique). */
function uniqueAmountOfCustomer(g: number): boolean {
  const c = customerOf(g);
  for (let other = c; other <= DOCS; other += CUSTOMERS)
    if (other !== g && netOf(other) === netOf(g)) return false;
  return true;
}

/** One digit of the sequence changed: the check digits no longer fit. */
function mistyped(ref: string): string {
  const at = ref.length - 3;
  const d = ref.charCodeAt(at) - 48;
  return ref.slice(0, at) + String((d + 3) % 10) + ref.slice(at + 1);
}

const account = (c: number) =>
  `HU42${String(117730160000000000000000n + BigInt(c)).padStart(24, "0")}`;

interface Expected {
  exact: number;
  mistyped: number;
  payer: number;
  unknown: number;
  partial: number;
  over: number;
  proforma: number;
  debit: number;
}

function statementLines(): { lines: BenchLine[]; expected: Expected } {
  const lines: BenchLine[] = [];
  const expected: Expected = {
    exact: 0,
    mistyped: 0,
    payer: 0,
    unknown: 0,
    partial: 0,
    over: 0,
    proforma: 0,
    debit: 0,
  };
  const pick = documentPicker();
  for (let i = 0; i < LINES; i++) {
    const slot = i % 1000;
    const proforma = slot === 998;
    let g = pick(i, proforma);
    // Amount + payer lines: a document whose amount is its customer's only one of that amount.
    for (let tries = 0; slot >= 900 && slot < 940 && !uniqueAmountOfCustomer(g); tries++) {
      if (tries > 1000) throw new Error("no document with an amount unique for its customer");
      g = pick(i, false);
    }
    const c = customerOf(g);
    const gross = grossOf(g);
    const base = { direction: "credit" as const, name: customerName(c), account: account(c) };
    if (slot < 850) {
      expected.exact++;
      lines.push({ ...base, amount: gross, text: `Számla ${referenceOf(g)} köszönjük` });
    } else if (slot < 900) {
      expected.mistyped++;
      lines.push({ ...base, amount: gross, text: mistyped(referenceOf(g)) });
    } else if (slot < 940) {
      expected.payer++;
      lines.push({ ...base, amount: gross, text: "havi díj" });
    } else if (slot < 970) {
      expected.unknown++;
      lines.push({
        direction: "credit",
        amount: 1_234_56n + BigInt(i),
        name: `Ismeretlen Befizető ${i}`,
        account: account(CUSTOMERS + i),
        text: `átutalás ${i}`,
      });
    } else if (slot < 990) {
      expected.partial++;
      lines.push({ ...base, amount: gross / 2n, text: referenceOf(g) });
    } else if (slot < 992) {
      expected.over++;
      lines.push({ ...base, amount: gross + 100_000n, text: referenceOf(g) });
    } else if (proforma) {
      expected.proforma++;
      lines.push({ ...base, amount: gross, text: `Díjbekérő ${referenceOf(g)}` });
    } else {
      expected.debit++;
      lines.push({
        direction: "debit",
        amount: 35_000n,
        name: "OTP Bank",
        account: "",
        text: "Számlavezetési díj",
      });
    }
  }
  return { lines, expected };
}

const decimal = (minor: bigint) => `${minor / 100n},${String(minor % 100n).padStart(2, "0")}`;
const xmlText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");

function csvFile(lines: readonly BenchLine[]): Buffer {
  const rows = [
    "Könyvelés dátuma;Összeg;Pénznem;Partner neve;Partner számlaszáma;Közlemény;Tranzakció azonosító",
  ];
  lines.forEach((l, i) =>
    rows.push(
      `2026.11.20.;${l.direction === "debit" ? "-" : ""}${decimal(l.amount)};HUF;"${l.name}";"${l.account}";"${l.text}";BENCH-${i + 1}`,
    ),
  );
  return Buffer.from(rows.join("\r\n"));
}

function camtFile(lines: readonly BenchLine[]): Buffer {
  const entries = lines.map((l, i) => {
    const party =
      l.direction === "credit"
        ? `<RltdPties><Dbtr><Nm>${xmlText(l.name)}</Nm></Dbtr><DbtrAcct><Id><IBAN>${l.account}</IBAN></Id></DbtrAcct></RltdPties>`
        : "";
    return `<Ntry><Amt Ccy="HUF">${decimal(l.amount).replace(",", ".")}</Amt><CdtDbtInd>${l.direction === "credit" ? "CRDT" : "DBIT"}</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-20</Dt></BookgDt><AcctSvcrRef>BENCH-${i + 1}</AcctSvcrRef><NtryDtls><TxDtls>${party}<RmtInf><Ustrd>${xmlText(l.text)}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`;
  });
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>BENCH</MsgId><CreDtTm>2026-11-21T06:00:00+01:00</CreDtTm></GrpHdr><Stmt><Id>BENCH-1</Id><CreDtTm>2026-11-21T06:00:00+01:00</CreDtTm><Acct><Id><IBAN>${OWN_IBAN}</IBAN></Id><Ccy>HUF</Ccy></Acct>
${entries.join("\n")}
</Stmt></BkToCstmrStmt></Document>`,
  );
}

// ---------------------------------------------------------------------------------------------
// The floor
// ---------------------------------------------------------------------------------------------

/**
 * The floors: the same lines (text and amount) loaded into a temporary table with one INSERT,
 * then ONE statement matching them to documents by the RF reference their text quotes, in one
 * transaction. `select`: the join alone (which document each line pays); `update`: an
 * UPDATE … FROM that also settles the documents (paid amount and status), the least a matching
 * that records anything must write.
 */
async function floor(
  client: pg.Client,
  lines: readonly BenchLine[],
  kind: "select" | "update",
): Promise<{ ms: number; matched: number }> {
  const payload = JSON.stringify(
    lines.map((l) => ({
      t: l.text,
      a: (l.direction === "credit" ? l.amount : -l.amount).toString(),
    })),
  );
  const match = "d.payment_reference = substring(l.text from 'RF[0-9]{2}[A-Z0-9]{1,21}')";
  const started = performance.now();
  await client.query("BEGIN");
  await client.query("CREATE TEMP TABLE floor_lines (text text, amount bigint) ON COMMIT DROP");
  await client.query(
    "INSERT INTO floor_lines SELECT t, a FROM json_to_recordset($1::json) AS r(t text, a bigint)",
    [payload],
  );
  const r =
    kind === "select"
      ? await client.query(`
    SELECT d.id, d.gross_total - d.paid_amount AS open, l.amount
    FROM floor_lines l JOIN documents d ON ${match}
    WHERE l.amount > 0`)
      : await client.query(`
    UPDATE documents d
    SET paid_amount = d.paid_amount + l.amount,
        status = CASE WHEN d.paid_amount + l.amount >= d.gross_total THEN 'paid' ELSE d.status END,
        paid_at = now()
    FROM floor_lines l
    WHERE l.amount > 0 AND ${match}`);
  await client.query("COMMIT");
  return { ms: performance.now() - started, matched: r.rowCount ?? 0 };
}

// ---------------------------------------------------------------------------------------------

/** utime + stime (ms) of the PostgreSQL backends of `database` on this machine (Linux). */
function backendCpu(database: string): Map<string, number> {
  const times = new Map<string, number>();
  if (!fs.existsSync("/proc/self")) return times;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (!title.startsWith("postgres: ") || !title.includes(` ${database} `)) continue;
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      times.set(entry, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // the process ended meanwhile
    }
  }
  return times;
}

/** CPU time of the database's backends over an interval, sampled every 200 ms. */
function trackPostgresCpu(database: string): { stop(): number } {
  const baseline = backendCpu(database);
  const last = new Map(baseline);
  const sample = () => {
    for (const [pid, ms] of backendCpu(database)) last.set(pid, ms);
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

async function run(): Promise<BenchResult> {
  const url = process.env.BANK_BENCH_DATABASE_URL || DEFAULT_BANK_DATABASE_URL;
  const dbName = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!dbName.includes("bench"))
    throw new Error(
      `refusing to reset database "${dbName}": its name must contain "bench"\n${HELP}`,
    );
  const version = await checkConnection(url).catch((error: unknown) => {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${HELP}`);
  });
  say(
    `statement-import: ${LINES.toLocaleString("en")} statement lines (${FORMAT}) against ${DOCS.toLocaleString("en")} open documents of ${CUSTOMERS.toLocaleString("en")} customers, PostgreSQL ${version}, node ${process.versions.node}`,
  );
  say(await machineLine());

  let started = performance.now();
  if (PHASE !== "seeded") await resetDatabase(url);
  const runtime = await openBenchRuntime(url, "bench statement-import", NOW);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    if (PHASE !== "seeded") {
      await seed(runtime, client);
      say(
        `  database reset, migrated and seeded in ${secs(performance.now() - started)} s (not counted)`,
      );
      await settle(client);
    }
    if (PHASE === "seed")
      return { name: "statement-import", value: 0, unit: "s", floor: null, ratio: null };
    started = performance.now();
    const { lines, expected } = statementLines();
    const file = FORMAT === "csv" ? csvFile(lines) : camtFile(lines);
    say(
      `  statement written (${FORMAT}, ${round(file.length / 1048576, 1)} MiB) in ${secs(performance.now() - started)} s (not counted)`,
    );
    say(
      `  lines: ${Object.entries(expected)
        .map(([k, n]: [string, number]) => `${k} ${n.toLocaleString("en")}`)
        .join(", ")}`,
    );

    // Kapu.
    const busy = await busyShare();
    if (busy !== null)
      say(
        `  ${Math.round(busy * 100)}% busy in the second before the import${busy > 0.1 ? " (other work is running: the figures will be lower and noisier)" : ""}`,
      );
    const cpu0 = process.cpuUsage();
    const pgCpu = trackPostgresCpu(dbName);
    started = performance.now();
    const report: ImportReport = await importStatement(
      runtime,
      { filename: `bench.${FORMAT === "csv" ? "csv" : "xml"}`, content: file, format: FORMAT },
      actor,
      {
        ...(process.env.BANK_CHUNK ? { chunkSize: Number(process.env.BANK_CHUNK) } : {}),
        ...(process.env.BANK_CONCURRENCY
          ? { concurrency: Number(process.env.BANK_CONCURRENCY) }
          : {}),
      },
    );
    const kapuMs = performance.now() - started;
    const cpu = process.cpuUsage(cpu0);
    const postgresMs = pgCpu.stop();
    const t = report.timings;
    say(
      `  Kapu importStatement: ${secs(kapuMs)} s (${Math.round(LINES / (kapuMs / 1000)).toLocaleString("en")} lines/s)`,
    );
    say(
      `    parse ${secs(t.parseMs)} s, record lines ${secs(t.insertMs)} s, read what they can match ${secs(t.loadMs)} s, decide ${secs(t.decideMs)} s, apply ${secs(t.applyMs)} s`,
    );
    say(
      `    outcome: ${report.matched} matched, ${report.credited} credit, ${report.queued} queued, ${report.ignored} ignored; ${report.payments} payments`,
    );
    say("    by step (apply steps summed over the transactions running at once):");
    for (const [k, v] of Object.entries(t.steps))
      say(`      ${k.padEnd(46)} ${secs(v).toFixed(2).padStart(7)} s`);
    say(
      `    CPU: this process ${secs((cpu.user + cpu.system) / 1000)} s, PostgreSQL backends ${secs(postgresMs)} s; peak memory (RSS) ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
    );

    // Checks: every line decided once, each kind as generated (a mistyped reference may be
    // ambiguous among a million documents: queued, not paid to the wrong one).
    const states = await client.query<{ state: string; n: string }>(
      "SELECT state, count(*) AS n FROM bank_lines GROUP BY state ORDER BY state",
    );
    const byState = Object.fromEntries(states.rows.map((r) => [r.state, Number(r.n)]));
    const sure =
      expected.exact + expected.payer + expected.partial + expected.over + expected.proforma;
    const problems = [
      report.linesNew !== LINES || byState.new !== undefined ? "not every line decided" : "",
      report.matched < sure || report.matched > sure + expected.mistyped ? "matched" : "",
      report.queued !== LINES - expected.debit - report.matched ? "queued" : "",
      report.ignored !== expected.debit ? "ignored" : "",
      report.payments !== report.matched ? "payments" : "",
    ].filter(Boolean);
    if (problems.length > 0)
      throw new Error(`unexpected outcome (${problems.join(", ")}): ${JSON.stringify(byState)}`);
    const corrected = report.matched - sure;
    say(
      `    mistyped references: ${corrected} of ${expected.mistyped} corrected, ${expected.mistyped - corrected} ambiguous (queued)`,
    );
    started = performance.now();
    const ledger = await verifyLedger(runtime.db);
    if (!ledger.ok)
      throw new Error(`ledger verification failed: ${JSON.stringify(ledger.problems.slice(0, 3))}`);
    say(
      `  checked: every line decided as generated; ledger verified (${ledger.transactions.toLocaleString("en")} transactions) in ${secs(performance.now() - started)} s`,
    );

    // The floors.
    const selectFloor = await floor(client, lines, "select");
    say(
      `  floor, matching only (lines into a temporary table + one SELECT … JOIN documents by reference): ${secs(selectFloor.ms)} s, ${selectFloor.matched.toLocaleString("en")} documents`,
    );
    const floorCpu = trackPostgresCpu(dbName);
    const f = await floor(client, lines, "update");
    say(
      `  floor, matching and settling (lines into a temporary table + one UPDATE documents … FROM by reference): ${secs(f.ms)} s, ${f.matched.toLocaleString("en")} documents; PostgreSQL CPU ${secs(floorCpu.stop())} s`,
    );
    const ratio = kapuMs / selectFloor.ms;
    say(
      `  ratio Kapu / floor: ${round(ratio, 1)} (to the SELECT join, the floor of the goal); ${round(kapuMs / f.ms, 2)} to the UPDATE`,
    );
    say(goalLine(`Kapu ≤ ${GOAL_RATIO} × the floor`, ratio <= GOAL_RATIO));
    return {
      name: "statement-import",
      value: secs(kapuMs),
      unit: "s",
      floor: secs(selectFloor.ms),
      ratio: round(ratio, 3),
    };
  } finally {
    await client.end();
    await runtime.close();
  }
}

export const statementImport: Benchmark = {
  name: "statement-import",
  description:
    "a 100,000-line bank statement matched against 1,000,000 open documents on PostgreSQL vs an UPDATE … FROM floor",
  run,
};
