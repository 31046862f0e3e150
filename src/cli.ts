import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "./config/index.ts";
import { createLogger } from "./platform/logger.ts";
import { AppError } from "./platform/errors.ts";
import { DataDirBusyError, migrate } from "./platform/db/index.ts";
import { createStaffUser, type StaffRole } from "./modules/auth/index.ts";
import { loadDemo } from "./demo/index.ts";
import { createRuntime, openDatabase } from "./runtime.ts";

const HELP = `Usage: npm run kapu -- <command> [options]

Commands:
  serve                         run the server (same as npm start)
  migrate [--json]              apply pending database migrations
  admin create --email <e> [--name <n>] [--role admin|billing|support|sales|readonly] [--language hu|en] [--json]
                                create a staff user; prints a one-time link to set the password
  demo [--json]                 load the demo provider (idempotent) and print the logins

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
    case "demo": {
      const runtime = await createRuntime(config, logger, { holder, maintenance: false });
      try {
        const logins = await loadDemo(runtime);
        const lines = [
          `Demo data loaded (new: ${logins.created.products} products, ${logins.created.customers} customers, ${logins.created.staff} staff).`,
          ``,
          `Open ${logins.url} and log in:`,
          ``,
          `Staff:`,
          ...logins.staff.map((s) => `  ${s.email.padEnd(40)} ${s.password}   (${s.role})`),
          ``,
          `Customers (all with password ${logins.customers[0]?.password ?? ""}):`,
          ...logins.customers.map((c) => `  ${c.email.padEnd(40)} ${c.customer} [${c.language}]`),
        ];
        print(out, logins, lines.join("\n"));
      } finally {
        await runtime.close();
      }
      return 0;
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
