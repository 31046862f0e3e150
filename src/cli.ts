import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "./config/index.ts";
import { createLogger } from "./platform/logger.ts";
import { AppError } from "./platform/errors.ts";
import { Money, assertCurrency } from "./platform/money/index.ts";
import { DataDirBusyError, migrate } from "./platform/db/index.ts";
import { createStaffUser, resetTwoFactor, type StaffRole } from "./modules/auth/index.ts";
import { loadDemo } from "./demo/index.ts";
import { findCustomerByCode } from "./modules/accounts/index.ts";
import {
  documentFile,
  findDocumentByNumber,
  listDocuments,
  verifyLedger,
} from "./modules/billing/index.ts";
import {
  bankLinesByIds,
  importStatement,
  presentImportReport,
  type StatementFormatName,
} from "./modules/payments/index.ts";
import { runBillingDay } from "./modules/subscriptions/index.ts";
import { isValidDate } from "./platform/clock.ts";
import { createRuntime, openDatabase } from "./runtime.ts";

const HELP = `Usage: npm run kapu -- <command> [options]

Commands:
  serve                         run the server (same as npm start)
  migrate [--json]              apply pending database migrations
  admin create --email <e> [--name <n>] [--role admin|billing|support|sales|readonly] [--language hu|en] [--json]
                                create a staff user; prints a one-time link to set the password
  users reset-two-factor <email> [--json]
                                turn off two-factor login of a user who lost the phone and the
                                recovery codes; ends the user's sessions (staff enrol again at
                                the next login)
  demo [--json]                 load the demo provider (idempotent) and print the logins
  invoice list [--customer <id or code>] [--limit <n>] [--json]
                                list documents, newest first
  invoice export <number> --format ubl|nav|pdf
                                write one document to standard output (UBL 2.1 / NAV 3.0 XML / PDF)
  ledger verify [--json]        recompute every balance from the ledger; exit 1 on any difference
  bank import <file> [--format camt053|mt940|csv] [--json]
                                import a bank statement: record its lines once, match them to
                                documents, print what was matched and what is left for staff
  billing-run [--date YYYY-MM-DD] [--json]
                                the daily billing run for a day (default today): cancellations,
                                renewal documents, expiry reminders, overdue suspension and
                                termination; safe to repeat and to resume after a crash

Every command that reports something prints one JSON document with --json.
With the embedded database (no DATABASE_URL) stop the server first: PGlite allows one process.`;

type Out = { json: boolean };

function print(out: Out, value: unknown, text: string): void {
  console.log(out.json ? JSON.stringify(value, null, 2) : text);
}

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "help" || command === "--help" || command === "-h") {
    console.log(HELP);
    return command ? 0 : 1;
  }
  if (command === "serve") {
    await import("../scripts/ensure-web.ts");
    await import("./main.ts");
    return -1; // the server keeps running
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      json: { type: "boolean", default: false },
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string", default: "admin" },
      language: { type: "string" },
      customer: { type: "string" },
      format: { type: "string" },
      date: { type: "string" },
      limit: { type: "string", default: "100" },
    },
  });
  const out: Out = { json: values.json };
  const config = loadConfig();
  const logger = createLogger(process.env.LOG_LEVEL ?? "warn");
  const holder = `kapu ${command}`;

  switch (command) {
    case "migrate": {
      const database = await openDatabase(config, holder);
      try {
        const result = await migrate(database);
        print(
          out,
          result,
          result.applied.length
            ? `Applied: ${result.applied.join(", ")}`
            : "The database is up to date.",
        );
      } finally {
        await database.close();
      }
      return 0;
    }
    case "admin": {
      if (positionals[0] !== "create")
        throw new UsageError("admin: the only subcommand is `create`");
      const email = values.email;
      if (!email || !/^[^@\s]+@[^@\s]+$/.test(email))
        throw new UsageError("admin create needs --email <address>");
      const roles: StaffRole[] = ["admin", "billing", "support", "sales", "readonly"];
      if (!roles.includes(values.role as StaffRole))
        throw new UsageError(`--role must be one of ${roles.join(", ")}`);
      const language = values.language ?? config.defaultLanguage;
      if (language !== "hu" && language !== "en")
        throw new UsageError("--language must be hu or en");
      const runtime = await createRuntime(config, logger, { holder, maintenance: false });
      try {
        const result = await createStaffUser(
          runtime,
          {
            email,
            name: values.name ?? email.split("@")[0]!,
            role: values.role as StaffRole,
            language,
          },
          { type: "cli", name: "admin create" },
        );
        print(
          out,
          { email, role: values.role, ...result },
          `Staff user ${email} (${values.role}) created.\nOne-time link to set the password (valid 24 hours):\n\n  ${result.link}\n`,
        );
      } finally {
        await runtime.close();
      }
      return 0;
    }
    case "users": {
      if (positionals[0] !== "reset-two-factor")
        throw new UsageError("users: the only subcommand is `reset-two-factor`");
      const email = positionals[1];
      if (!email || !/^[^@\s]+@[^@\s]+$/.test(email))
        throw new UsageError("users reset-two-factor needs the user's e-mail address");
      const runtime = await createRuntime(config, logger, { holder, maintenance: false });
      try {
        const result = await resetTwoFactor(runtime, email, {
          type: "cli",
          name: "users reset-two-factor",
        });
        print(
          out,
          { email, ...result },
          result.wasEnabled
            ? `Two-factor login of ${email} is off; ${result.sessionsClosed} session(s) ended. A notice was mailed to the user.`
            : `${email} had no two-factor login; ${result.sessionsClosed} session(s) ended.`,
        );
      } finally {
        await runtime.close();
      }
      return 0;
    }
    case "demo": {
      const runtime = await createRuntime(config, logger, { holder, maintenance: false });
      try {
        const logins = await loadDemo(runtime);
        const lines = [
          `Demo data loaded (new: ${logins.created.products} products, ${logins.created.customers} customers, ${logins.created.staff} staff).`,
          ``,
          `Open ${logins.url} and log in:`,
          ``,
          `Staff (two-factor login is required for staff):`,
          ...logins.staff.map((s) => `  ${s.email.padEnd(40)} ${s.password}   (${s.role})`),
          ...logins.staff.map((s) =>
            s.totpSecret
              ? `  ${s.email}: two-factor secret ${s.totpSecret} — add it to an authenticator app (or: oathtool --totp -b ${s.totpSecret})`
              : `  ${s.email}: sets up two-factor login at the first login`,
          ),
          ``,
          `Customers (all with password ${logins.customers[0]?.password ?? ""}):`,
          ...logins.customers.map((c) => `  ${c.email.padEnd(40)} ${c.customer} [${c.language}]`),
          ``,
          `Narrower access (same password):`,
          ...logins.access.map((a) => `  ${a.email.padEnd(40)} ${a.what}`),
        ];
        print(out, logins, lines.join("\n"));
      } finally {
        await runtime.close();
      }
      return 0;
    }
    case "invoice": {
      const sub = positionals[0];
      if (sub !== "list" && sub !== "export")
        throw new UsageError("invoice: the subcommands are `list` and `export`");
      if (sub === "export") {
        const number = positionals[1];
        const format = values.format;
        if (!number) throw new UsageError("invoice export needs the document number");
        if (format !== "ubl" && format !== "nav" && format !== "pdf")
          throw new UsageError("--format must be ubl, nav or pdf");
        const runtime = await createRuntime(config, logger, { holder, maintenance: false });
        try {
          const doc = await findDocumentByNumber(runtime.db, number);
          if (!doc) throw new AppError("not_found", 404, `No document ${number}.`);
          const file = await documentFile(runtime, doc.id, format);
          await new Promise<void>((resolve, reject) =>
            process.stdout.write(file.content, (e) => (e ? reject(e) : resolve())),
          );
        } finally {
          await runtime.close();
        }
        return 0;
      }
      const limit = Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100_000)
        throw new UsageError("--limit must be 1–100000");
      const runtime = await createRuntime(config, logger, { holder, maintenance: false });
      try {
        let customerId = values.customer;
        if (customerId && !customerId.startsWith("cus_")) {
          const c = await findCustomerByCode(runtime.db, customerId.toUpperCase());
          if (!c) throw new AppError("not_found", 404, `No customer ${customerId}.`);
          customerId = c.id;
        }
        const rows = await listDocuments(runtime.db, { customerId, limit });
        const dec = (minor: bigint, c: string) =>
          Money.of(minor, assertCurrency(c)).toDecimalString();
        const items = rows.map((r) => ({
          id: r.id,
          number: r.number,
          kind: r.kind,
          correctionType: r.correction_type,
          status: r.status,
          customer: { id: r.customer_id, code: r.customer_code, name: r.customer_name },
          issueDate: r.issue_date,
          dueDate: r.due_date,
          currency: r.currency,
          net: dec(r.net_total, r.currency),
          vat: dec(r.vat_total, r.currency),
          gross: dec(r.gross_total, r.currency),
          paid: dec(r.paid_amount, r.currency),
        }));
        print(
          out,
          { items },
          items
            .map(
              (i) =>
                `${i.number.padEnd(20)} ${i.kind.padEnd(12)} ${i.issueDate} ${i.status.padEnd(9)} ${`${i.gross} ${i.currency}`.padStart(16)}  ${i.customer.code} ${i.customer.name}`,
            )
            .join("\n") || "No documents.",
        );
      } finally {
        await runtime.close();
      }
      return 0;
    }
    case "ledger": {
      if (positionals[0] !== "verify")
        throw new UsageError("ledger: the only subcommand is `verify`");
      const database = await openDatabase(config, holder);
      try {
        const report = await verifyLedger(database.db);
        print(
          out,
          report,
          report.ok
            ? `Ledger OK: ${report.transactions} transactions of ${report.customers} customers; every balance matches its entries.`
            : [
                `Ledger differences (${report.problems.length}):`,
                ...report.problems.map(
                  (p) => `  ${p.check.padEnd(24)} ${p.customerId ?? "-"} ${p.currency} ${p.detail}`,
                ),
              ].join("\n"),
        );
        return report.ok ? 0 : 1;
      } finally {
        await database.close();
      }
    }
    case "bank": {
      if (positionals[0] !== "import")
        throw new UsageError("bank: the only subcommand is `import`");
      const file = positionals[1];
      if (!file) throw new UsageError("bank import needs the statement file");
      const formats: StatementFormatName[] = ["camt053", "mt940", "csv"];
      const format = values.format as StatementFormatName | undefined;
      if (format !== undefined && !formats.includes(format))
        throw new UsageError(`--format must be one of ${formats.join(", ")}`);
      const content = await readFile(file).catch((e: unknown) => {
        throw new AppError("not_found", 404, `Cannot read ${file}: ${(e as Error).message}`);
      });
      const runtime = await createRuntime(config, logger, { holder, maintenance: false });
      try {
        const report = await importStatement(
          runtime,
          { filename: path.basename(file).slice(0, 200), content, format },
          { type: "cli", name: "bank import" },
        );
        const unmatched = await bankLinesByIds(runtime, report.queuedLineIds);
        const shown = unmatched.slice(0, 50);
        const lines = [
          `Imported ${path.basename(file)} (${report.format}): ${report.statements.length} statement(s), ${report.linesTotal} lines, ${report.linesNew} new, ${report.alreadyKnown} already known.`,
          `Matched ${report.matched}, kept as credit ${report.credited}, left for staff ${report.queued}, ignored ${report.ignored}; ${report.payments} payment(s) recorded.`,
          ...(report.warnings.length > 0
            ? ["", "Warnings:", ...report.warnings.map((w) => `  ${w}`)]
            : []),
          ...(unmatched.length > 0
            ? [
                "",
                "Left for staff (the bank queue):",
                ...shown.map(
                  (l) =>
                    `  ${l.bookingDate}  ${`${l.amount} ${l.currency}`.padStart(16)}  ${(l.counterpartyName ?? "-").slice(0, 30).padEnd(30)}  ${l.reason ?? ""}  ${l.remittance.slice(0, 60)}`,
                ),
                ...(unmatched.length > shown.length
                  ? [`  … and ${unmatched.length - shown.length} more (--json lists all)`]
                  : []),
              ]
            : []),
        ];
        print(out, { ...presentImportReport(report), unmatched }, lines.join("\n"));
      } finally {
        await runtime.close();
      }
      return 0;
    }
    case "billing-run": {
      const date = values.date;
      if (date !== undefined && !isValidDate(date))
        throw new UsageError("--date must be a date such as 2026-12-01");
      const runtime = await createRuntime(config, logger, { holder, maintenance: false });
      try {
        const report = await runBillingDay(runtime, { date, trigger: "cli" });
        const c = report.counts;
        print(
          out,
          report,
          [
            `Billing run ${report.id} for ${report.date}: ${report.status} in ${report.durationMs} ms.`,
            `Renewal documents ${c.renewalDocuments} (problems ${c.renewalProblems}), reminders ${c.reminders}, e-mails ${c.mails}.`,
            `Unpaid orders dropped ${c.ordersAbandoned}, cancelled ${c.cancelled}, expired ${c.expired}, suspended ${c.suspended}, terminated ${c.terminated} (proformas cancelled ${c.proformasCancelled}).`,
            ...report.problems.slice(0, 50).map((p) => `  ${p.serviceId}  ${p.code}  ${p.message}`),
          ].join("\n"),
        );
        return 0;
      } finally {
        await runtime.close();
      }
    }
    default:
      throw new UsageError(`Unknown command: ${command}`);
  }
}

class UsageError extends Error {}

const wantsJson = process.argv.includes("--json");

/** Fails with one line (or, with --json, one JSON document on stdout) and an exit code. */
function fail(code: string, message: string, exitCode: number): never {
  if (wantsJson) console.log(JSON.stringify({ error: { code, message } }, null, 2));
  else console.error(message);
  process.exit(exitCode);
}

try {
  const code = await run(process.argv.slice(2));
  if (code >= 0) process.exit(code);
} catch (error) {
  if (error instanceof UsageError) fail("usage", `${error.message}\n\n${HELP}`, 2);
  if (error instanceof ConfigError) fail("config_invalid", error.message, 1);
  if (error instanceof DataDirBusyError) fail("data_dir_busy", error.message, 1);
  if (error instanceof AppError) fail(error.code, `${error.code}: ${error.message}`, 1);
  fail("failed", `kapu failed: ${(error as Error).message}`, 1);
}
