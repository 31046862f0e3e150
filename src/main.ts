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
    if (error instanceof DataDirBusyError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
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

  const setupLink = await issueSetupLink(runtime);
  if (setupLink) {
    const line = "─".repeat(72);
    console.log(
      `\n${line}\n  Kapu has no staff user yet. Create the first administrator here\n  (one-time link, valid 24 hours):\n\n  ${setupLink}\n\n  or from the shell: npm run kapu -- admin create --email you@example.com\n${line}\n`,
    );
  }
}

await main();
