import { PgBoss, fromPglite, type Job } from "pg-boss";
import { sql } from "kysely";
import type { Database, Db } from "../db/index.ts";
import type { Logger } from "../logger.ts";

/**
 * Background jobs on pg-boss, on PostgreSQL and on PGlite alike. Jobs are enqueued with the
 * business transaction (`send(tx, …)`), so they exist exactly when the change that caused them
 * commits. Handlers must be idempotent: a job can run more than once.
 */
export interface JobDefinition<T extends object = object> {
  name: string;
  /**
   * `signal` is aborted once the job is no longer this handler's (it ran past expireInSeconds
   * and was failed for a retry, or the worker is shutting down): a handler working through many
   * items stops there.
   */
  handler: (
    data: T,
    job: { id: string; retryCount: number; signal?: AbortSignal | undefined },
  ) => Promise<void>;
  retryLimit?: number;
  retryDelaySeconds?: number;
  expireInSeconds?: number;
  /** Jobs handled at once by this process. */
  concurrency?: number;
}

export interface ScheduleDefinition {
  name: string;
  cron: string;
  data?: object;
  timeZone: string;
}

export type JobState = "created" | "retry" | "active" | "completed" | "cancelled" | "failed";
export const JOB_STATES: readonly JobState[] = [
  "created",
  "retry",
  "active",
  "completed",
  "cancelled",
  "failed",
];

export interface JobView {
  id: string;
  name: string;
  state: JobState;
  createdOn: Date;
  startedOn: Date | null;
  completedOn: Date | null;
  retryCount: number;
  error: string | null;
  data: unknown;
}

export const JOB_SCHEMA = "pgboss";

export class Jobs {
  readonly boss: PgBoss;
  readonly #definitions = new Map<string, JobDefinition>();
  readonly #schedules: ScheduleDefinition[] = [];
  readonly #logger: Logger;
  #started = false;
  #working = false;

  constructor(database: Database, logger: Logger) {
    this.#logger = logger;
    if (database.kind === "pglite" && database.pglite) {
      this.boss = new PgBoss({
        db: fromPglite(database.pglite),
        backend: "pglite",
        schema: JOB_SCHEMA,
      });
    } else {
      this.boss = new PgBoss({
        connectionString: database.connectionString ?? "",
        schema: JOB_SCHEMA,
        max: 4,
        application_name: "kapu-jobs",
      });
    }
    this.boss.on("error", (error: Error) => logger.error({ err: error }, "job system error"));
  }

  define<T extends object>(definition: JobDefinition<T>): void {
    if (this.#definitions.has(definition.name)) {
      throw new Error(`Job ${definition.name} is defined twice`);
    }
    this.#definitions.set(definition.name, definition as unknown as JobDefinition);
  }

  /** A recurring job; the schedule is stored in the database, one firing per tick cluster-wide. */
  schedule(definition: ScheduleDefinition): void {
    this.#schedules.push(definition);
  }

  get names(): string[] {
    return [...this.#definitions.keys()];
  }

  /** Installs/migrates pg-boss's schema and creates the queues; starts no workers. */
  async start(options: { maintenance: boolean }): Promise<void> {
    if (this.#started) return;
    await this.boss.start();
    for (const def of this.#definitions.values()) {
      await this.boss.createQueue(def.name, {
        retryLimit: def.retryLimit ?? 5,
        retryDelay: def.retryDelaySeconds ?? 30,
        retryBackoff: true,
        expireInSeconds: def.expireInSeconds ?? 15 * 60,
        retentionSeconds: 14 * 24 * 3600,
      });
    }
    if (options.maintenance) {
      for (const s of this.#schedules) {
        await this.boss.schedule(s.name, s.cron, s.data ?? {}, { tz: s.timeZone });
      }
    }
    this.#started = true;
  }

  /** Starts workers for every defined job in this process. */
  async work(): Promise<void> {
    if (this.#working) return;
    for (const def of this.#definitions.values()) {
      await this.boss.work<object>(
        def.name,
        { batchSize: 1, localConcurrency: def.concurrency ?? 1, pollingIntervalSeconds: 1 },
        async (jobs: Job<object>[]) => {
          for (const job of jobs) {
            const log = this.#logger.child({ job: def.name, jobId: job.id });
            const started = Date.now();
            try {
              await def.handler(job.data, {
                id: job.id,
                retryCount: job.retryCount,
                signal: job.signal,
              });
              log.info({ ms: Date.now() - started }, "job completed");
            } catch (error) {
              log.warn({ err: error, ms: Date.now() - started }, "job failed");
              throw error;
            }
          }
        },
      );
    }
    this.#working = true;
  }

  /** Enqueues a job inside the caller's transaction. */
  async send(
    tx: Db,
    name: string,
    data: object,
    options: { singletonKey?: string; startAfter?: Date } = {},
  ): Promise<void> {
    if (!this.#definitions.has(name)) throw new Error(`Unknown job ${name}`);
    await this.boss.send(name, data, {
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      ...(options.startAfter ? { startAfter: options.startAfter } : {}),
      db: inTransaction(tx),
    });
  }

  /**
   * Enqueues many jobs of one queue with one multi-row insert, in the caller's transaction like
   * send: the jobs exist exactly when the transaction commits.
   */
  async sendMany(tx: Db, name: string, data: readonly object[]): Promise<void> {
    if (data.length === 0) return;
    if (!this.#definitions.has(name)) throw new Error(`Unknown job ${name}`);
    await this.boss.insert(
      name,
      data.map((d) => ({ data: d })),
      { db: inTransaction(tx) },
    );
  }

  /** Jobs for the staff view, newest first. */
  async list(db: Db, filter: { state?: JobState | undefined; limit: number }): Promise<JobView[]> {
    const rows = await sql<{
      id: string;
      name: string;
      state: JobState;
      created_on: Date;
      started_on: Date | null;
      completed_on: Date | null;
      retry_count: number;
      output: unknown;
      data: unknown;
    }>`
      SELECT id, name, state, created_on, started_on, completed_on, retry_count, output, data
      FROM ${sql.table(`${JOB_SCHEMA}.job`)}
      WHERE ${filter.state ? sql`state = ${filter.state}` : sql`true`}
      ORDER BY created_on DESC, id DESC
      LIMIT ${filter.limit}
    `.execute(db);
    return rows.rows.map((r) => ({
      id: r.id,
      name: r.name,
      state: r.state,
      createdOn: r.created_on,
      startedOn: r.started_on,
      completedOn: r.completed_on,
      retryCount: Number(r.retry_count),
      error: r.state === "failed" || r.state === "retry" ? errorText(r.output) : null,
      data: r.data,
    }));
  }

  async ready(): Promise<boolean> {
    return this.#started && (await this.boss.isInstalled());
  }

  async stop(): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    this.#working = false;
    await this.boss.stop({ graceful: true, timeout: 10_000, close: true });
  }
}

function errorText(output: unknown): string | null {
  if (output == null) return null;
  if (typeof output === "object") {
    const o = output as { message?: unknown; value?: unknown };
    if (typeof o.message === "string") return o.message;
    if (typeof o.value === "string") return o.value;
  }
  return JSON.stringify(output);
}

/** pg-boss's database hook, bound to a Kysely transaction. */
function inTransaction(tx: Db) {
  return {
    async executeSql(text: string, values?: unknown[]) {
      const result = await tx.executeQuery({
        sql: text,
        parameters: values ?? [],
        query: { kind: "RawNode", sqlFragments: [text], parameters: [] },
        queryId: { queryId: "pgboss" },
      } as unknown as Parameters<Db["executeQuery"]>[0]);
      return { rows: [...result.rows] };
    },
  };
}
