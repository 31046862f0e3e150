import type { Config } from "../config/index.ts";
import type { Clock } from "./clock.ts";
import type { Database, Db } from "./db/index.ts";
import type { Jobs } from "./jobs/index.ts";
import type { Logger } from "./logger.ts";
import type { MailTransport } from "./mail/index.ts";

/** What use cases, jobs and routes are given: nothing global, everything passed in. */
export interface Deps {
  config: Config;
  database: Database;
  db: Db;
  clock: Clock;
  logger: Logger;
  jobs: Jobs;
  /** null = no SMTP configured: mail is stored and shown to staff only. */
  mailTransport: MailTransport | null;
}
