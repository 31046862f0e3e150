import fs from "node:fs";
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import pg from "pg";
import { loadConfig, type Config } from "../src/config/index.ts";
import { FixedClock } from "../src/platform/clock.ts";
import type { Deps } from "../src/platform/context.ts";
import { openPglite, openPostgres, type Database } from "../src/platform/db/index.ts";
import { createLogger } from "../src/platform/logger.ts";
import type { MailTransport } from "../src/platform/mail/index.ts";
import { createRuntime } from "../src/runtime.ts";

export const TEST_NOW = "2026-11-23T10:00:00Z";

export interface TestRuntime extends Deps {
  clock: FixedClock;
  close(): Promise<void>;
}

/** Which database this run tests on: PGlite, or PostgreSQL when TEST_DATABASE_URL is set. */
export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/**
 * A fresh database for one test file, cloned from the migrated template (PGlite tarball or
 * PostgreSQL template database), with a fixed clock and the job system installed.
 */
export async function openTestDatabase(): Promise<Database & { drop(): Promise<void> }> {
  const pgTemplate = inject("postgresTemplate");
  const url = process.env.TEST_DATABASE_URL;
  if (pgTemplate && url) {
    const name = `kapu_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    // PostgreSQL copies a template for one CREATE DATABASE at a time: take turns.
    await admin.query("SELECT pg_advisory_lock(4711)");
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${pgTemplate}`);
    } finally {
      await admin.query("SELECT pg_advisory_unlock(4711)");
      await admin.end();
    }
    const testUrl = new URL(url);
    testUrl.pathname = `/${name}`;
    const database = openPostgres(testUrl.toString(), 5);
    return Object.assign(database, {
      async drop() {
        const a = new pg.Client({ connectionString: url });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    });
  }
  const tarball = fs.readFileSync(inject("pgliteTemplate"));
  const database = await openPglite({ loadDataDir: new Blob([tarball]) });
  return Object.assign(database, { async drop() {} });
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: "test",
    BASE_URL: "http://kapu.test",
    LOG_LEVEL: "silent",
    // No network in tests: VIES is a local fake where a test needs it.
    VIES_URL: "off",
    ...overrides,
  });
}

export async function createTestRuntime(
  options: {
    mailTransport?: MailTransport | null;
    config?: Record<string, string>;
    now?: string;
  } = {},
): Promise<TestRuntime> {
  const database = await openTestDatabase();
  const clock = new FixedClock(options.now ?? TEST_NOW);
  const runtime = await createRuntime(
    testConfig(options.config),
    createLogger(process.env.TEST_LOG_LEVEL ?? "silent"),
    {
      holder: "test",
      database,
      clock,
      mailTransport: options.mailTransport ?? null,
      maintenance: false,
    },
  );
  return {
    ...runtime,
    clock,
    async close() {
      await runtime.close();
      await database.drop();
    },
  };
}
