import { warmUpPdfFonts } from "./modules/billing/index.ts";
import { ConfigError, loadConfig } from "./config/index.ts";
import { createLogger } from "./platform/logger.ts";
import { DataDirBusyError } from "./platform/db/index.ts";
import { issueSetupLink } from "./modules/auth/index.ts";
import { buildApp } from "./app.ts";
import { createRuntime } from "./runtime.ts";

/** `npm start`: config → database → migrate → HTTP + job workers. */
async function main(): Promise<void> {
  const startedAt = performance.now();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel, process.stdout.isTTY && config.env !== "production");
  let runtime;
  try {
    runtime = await createRuntime(config, logger, { holder: `kapu server on port ${config.port}` });
  } catch (error) {
    // The database is busy, unreachable, or its migrations fail: one clear line, exit code 1.
    const message = error instanceof DataDirBusyError ? error.message : describeStartupError(error);
    console.error(message);
    logger.debug({ err: error }, "start-up failed");
    process.exit(1);
  }
  if (config.runJobs) await runtime.jobs.work();
  const app = await buildApp(runtime, { serveWeb: true });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const force = setTimeout(() => {
      logger.error("shutdown took too long; exiting");
      process.exit(1);
    }, 20_000);
    force.unref();
    try {
      await app.close();
      await runtime.close();
    } finally {
      process.exit(0);
    }
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  await app.listen({ host: config.host, port: config.port });
  const ms = Math.round(performance.now() - startedAt);
  logger.info({ url: config.baseUrl, database: runtime.database.kind, ms }, "Kapu is ready");
  // Parse the PDF fonts now rather than on the first invoice download (~0.2 s, once).
  setTimeout(() => warmUpPdfFonts(), 100).unref();

  const setupLink = await issueSetupLink(runtime);
  if (setupLink) {
    const line = "─".repeat(72);
    console.log(
      `\n${line}\n  Kapu has no staff user yet. Create the first administrator here\n  (one-time link, valid 24 hours):\n\n  ${setupLink}\n\n  or from the shell: npm run kapu -- admin create --email you@example.com\n${line}\n`,
    );
  }
}

function describeStartupError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  if (
    e.code === "ECONNREFUSED" ||
    e.code === "ENOTFOUND" ||
    e.code === "28P01" ||
    e.code === "3D000"
  ) {
    return `Kapu could not connect to PostgreSQL (DATABASE_URL): ${e.message ?? e.code}`;
  }
  return `Kapu could not start: ${e.message ?? String(error)}`;
}

await main();
