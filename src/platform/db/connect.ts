import { createHash } from "node:crypto";
import path from "node:path";
import { Kysely, PGliteDialect, PostgresDialect, type Transaction } from "kysely";
import { PGlite, type Transaction as PgliteTransaction } from "@electric-sql/pglite";
import pg from "pg";
import copyFrom from "pg-copy-streams";
import { COPY_STATEMENT, completeCopy } from "./copy.ts";
import type { DB } from "./schema.ts";
import { lockDataDir, type DataDirLock } from "./lock.ts";

export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;

/** A way to run pg-boss's SQL on this database (see platform/jobs). */
export interface RawExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface Database {
  readonly kind: "pglite" | "postgres";
  readonly db: Db;
  /** Runs a multi-statement SQL script in one transaction, after `lockSql` (migrations). */
  runScripts(scripts: (tx: ScriptRunner) => Promise<void>): Promise<void>;
  /** pg-boss's access path to the same database. */
  readonly raw: RawExecutor;
  readonly pglite?: PGlite;
  readonly connectionString?: string;
  close(): Promise<void>;
}

export interface ScriptRunner {
  exec(script: string): Promise<void>;
  query<R>(text: string, values?: unknown[]): Promise<R[]>;
}

const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;

/** Both drivers return int8 as bigint, date as 'YYYY-MM-DD' and numeric as a decimal string. */
const parsers = {
  [INT8]: (value: string) => BigInt(value),
  [DATE]: (value: string) => value,
  [NUMERIC]: (value: string) => value,
};

export interface PgliteOptions {
  /** Directory of the data files; omitted = in memory. */
  dataDir?: string;
  /** A data dir tarball to start from (the test template). */
  loadDataDir?: Blob;
  /** Who holds the lock, shown to a second process. */
  holder?: string;
}

export async function openPglite(options: PgliteOptions): Promise<Database> {
  let lock: DataDirLock | undefined;
  let pgDir: string | undefined;
  if (options.dataDir) {
    lock = lockDataDir(options.dataDir, options.holder ?? `pid ${process.pid}`);
    pgDir = path.join(options.dataDir, "pglite");
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      ...(pgDir ? { dataDir: pgDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      parsers,
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite: withCopy(pglite) }) });
  return {
    kind: "pglite",
    db,
    pglite,
    raw: {
      async executeSql(text, values) {
        if (values && values.length > 0) {
          const result = await pglite.query(text, values);
          return { rows: result.rows };
        }
        const results = await pglite.exec(text);
        return { rows: results.flatMap((r) => r.rows) };
      },
    },
    async runScripts(fn) {
      await pglite.transaction(async (tx) => {
        await fn({
          async exec(script) {
            await tx.exec(script);
          },
          async query<R>(text: string, values?: unknown[]) {
            return (await tx.query<R>(text, values)).rows;
          },
        });
      });
    },
    async close() {
      try {
        await db.destroy();
      } finally {
        lock?.release();
      }
    },
  };
}

/**
 * PGlite as Kysely sees it: `COPY t (…) FROM STDIN $1` (copy.ts's copyRows) reads its one
 * parameter as the COPY's rows, through PGlite's `/dev/blob`. Everything else is PGlite's own.
 */
function withCopy<T extends Pick<PGlite, "query">>(target: T): T {
  const query: PGlite["query"] = (text, values, options) =>
    values?.length === 1 && values[0] instanceof Uint8Array && COPY_STATEMENT.test(text)
      ? target.query(text.slice(0, -"STDIN $1".length) + "'/dev/blob'", [], {
          ...options,
          blob: new Blob([values[0] as Uint8Array<ArrayBuffer>]),
        })
      : target.query(text, values, options);
  return new Proxy(target, {
    get(t, property) {
      if (property === "query") return query;
      if (property === "transaction")
        return <R>(fn: (tx: PgliteTransaction) => Promise<R>) =>
          (t as unknown as PGlite).transaction((tx) => fn(withCopy(tx)));
      const value: unknown = Reflect.get(t, property, t);
      return typeof value === "function" ? (value.bind(t) as unknown) : value;
    },
  });
}

/**
 * Two things every PostgreSQL connection does to Kysely's queries.
 *
 * Parameterised SELECTs run as named prepared statements (the name is a hash of the SQL), so
 * PostgreSQL parses and plans each query shape once per connection instead of on every request:
 * on the portal's hottest routes planning cost more than executing (docs/performance.md). Only
 * SELECTs are prepared, so the number of statements per connection stays bounded by the app's
 * query shapes; writes, scripts and pg-boss's own pool are untouched.
 *
 * `COPY t (…) FROM STDIN $1` (copy.ts's copyRows) streams its one parameter as the COPY's rows.
 */
function adaptQueries(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (text: unknown, values?: unknown, callback?: unknown) => {
    if (
      typeof text === "string" &&
      Array.isArray(values) &&
      values.length === 1 &&
      values[0] instanceof Uint8Array &&
      callback === undefined &&
      COPY_STATEMENT.test(text)
    ) {
      const stream = query(copyFrom.from(text.slice(0, -" $1".length))) as copyFrom.CopyStreamQuery;
      return completeCopy(stream, values[0]);
    }
    if (
      typeof text === "string" &&
      Array.isArray(values) &&
      values.length > 0 &&
      text.length < 8000 &&
      /^\s*select\b/i.test(text)
    ) {
      return query({ name: statementName(text), text, values }, callback);
    }
    return query(text, values, callback);
  };
}

const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `k_${createHash("sha1").update(text).digest("base64url")}`;
    if (statementNames.size < 10_000) statementNames.set(text, name);
  }
  return name;
}

export function openPostgres(connectionString: string, poolSize = 10): Database {
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    types: {
      getTypeParser: ((oid: number, format?: string) => {
        const custom = (parsers as Record<number, (v: string) => unknown>)[oid];
        if (custom && format !== "binary") return custom;
        return pg.types.getTypeParser(oid, format as "text") as (value: string) => unknown;
      }) as typeof pg.types.getTypeParser,
    },
  });
  pool.on("connect", adaptQueries);
  // An idle connection dropped by the server (restart, failover, DROP DATABASE … FORCE) must not
  // take the process down: the pool replaces it on next use.
  pool.on("error", () => undefined);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: "postgres",
    db,
    connectionString,
    raw: {
      async executeSql(text, values) {
        const result = await pool.query(text, values);
        return { rows: result.rows as unknown[] };
      },
    },
    async runScripts(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        await fn({
          async exec(script) {
            await client.query(script);
          },
          async query<R>(text: string, values?: unknown[]) {
            return (await client.query(text, values)).rows as R[];
          },
        });
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await db.destroy();
    },
  };
}
