import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import pg from "pg";
import { migrate, openPglite, openPostgres, type Database } from "../src/platform/db/index.ts";
import { Jobs } from "../src/platform/jobs/index.ts";
import { createLogger } from "../src/platform/logger.ts";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string | null;
  }
}

export const PG_TEMPLATE_DB = "kapu_test_template";

/** Installs Kapu's schema and pg-boss's into a fresh database. */
async function prepare(database: Database): Promise<void> {
  await migrate(database);
  const jobs = new Jobs(database, createLogger("silent"));
  await jobs.start({ maintenance: false });
  await jobs.stop();
}

/**
 * Builds the migrated template once per run: a PGlite data dir tarball that every test file
 * loads, and — when TEST_DATABASE_URL is set — a PostgreSQL template database that every test
 * file clones.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = path.resolve(".tmp");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `pglite-template-${process.pid}.tar.gz`);
  const database = await openPglite({});
  await prepare(database);
  const blob = await database.pglite!.dumpDataDir("gzip");
  fs.writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
  await database.close();
  project.provide("pgliteTemplate", file);

  const url = process.env.TEST_DATABASE_URL;
  project.provide("postgresTemplate", url ? PG_TEMPLATE_DB : null);
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${PG_TEMPLATE_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${PG_TEMPLATE_DB}`);
    await admin.end();
    const templateUrl = new URL(url);
    templateUrl.pathname = `/${PG_TEMPLATE_DB}`;
    const templateDb = openPostgres(templateUrl.toString(), 2);
    await prepare(templateDb);
    await templateDb.close();
    // pg-boss closes its pool in the background: wait until the template is free to copy.
    const check = new pg.Client({ connectionString: url });
    await check.connect();
    for (let i = 0; i < 100; i++) {
      const r = await check.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1",
        [PG_TEMPLATE_DB],
      );
      if ((r.rows[0] as { n: number }).n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await check.end();
  }
  return () => {
    fs.rmSync(file, { force: true });
    return Promise.resolve();
  };
}
