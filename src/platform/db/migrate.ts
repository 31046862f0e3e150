import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Database } from "./connect.ts";

export const MIGRATIONS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../migrations",
);

/** Any constant shared by every Kapu process: serialises migrations across processes. */
const MIGRATION_LOCK_KEY = 4_711_2026;

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

export function listMigrations(dir = MIGRATIONS_DIR): { name: string; sql: string }[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => ({ name, sql: fs.readFileSync(path.join(dir, name), "utf8") }));
}

/**
 * Forward-only SQL migrations, all pending ones in one transaction under an advisory lock:
 * two processes starting together wait for each other and only one applies them.
 */
export async function migrate(database: Database, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const migrations = listMigrations(dir);
  const applied: string[] = [];
  let alreadyApplied = 0;
  await database.runScripts(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
    await tx.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
    );
    const done = new Set(
      (await tx.query<{ name: string }>("SELECT name FROM schema_migrations")).map((r) => r.name),
    );
    for (const migration of migrations) {
      if (done.has(migration.name)) {
        alreadyApplied++;
        continue;
      }
      try {
        await tx.exec(migration.sql);
      } catch (error) {
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, {
          cause: error,
        });
      }
      await tx.query("INSERT INTO schema_migrations (name) VALUES ($1)", [migration.name]);
      applied.push(migration.name);
    }
    const known = new Set(migrations.map((m) => m.name));
    const unknown = [...done].filter((n) => !known.has(n));
    if (unknown.length > 0) {
      throw new Error(
        `The database has migrations this version of Kapu does not know (${unknown.join(", ")}): ` +
          `it was upgraded by a newer Kapu. Run that version, or restore a backup.`,
      );
    }
  });
  return { applied, alreadyApplied };
}
