import type { Config } from "./config/index.ts";
import { systemClock, type Clock } from "./platform/clock.ts";
import type { Deps } from "./platform/context.ts";
import { migrate, openPglite, openPostgres, type Database } from "./platform/db/index.ts";
import { Jobs } from "./platform/jobs/index.ts";
import type { Logger } from "./platform/logger.ts";
import { smtpTransport, type MailTransport } from "./platform/mail/index.ts";
import { defineAuthJobs } from "./modules/auth/index.ts";
import { defineNotificationJobs } from "./modules/notifications/index.ts";
import { defineSubscriptionJobs } from "./modules/subscriptions/index.ts";
import { definePaymentJobs } from "./modules/payments/index.ts";
import { defineProvisioningJobs } from "./modules/provisioning/index.ts";
import { billingAttachmentRenderers, defineBillingJobs } from "./modules/billing/index.ts";

export interface Runtime extends Deps {
  close(): Promise<void>;
}

export async function openDatabase(config: Config, holder: string): Promise<Database> {
  return config.databaseUrl
    ? openPostgres(config.databaseUrl, config.databasePoolSize)
    : openPglite({ dataDir: config.dataDir, holder });
}

/**
 * Wires everything a process needs: database (migrated), job system (schema installed), mail.
 * Workers are started separately (`jobs.work()`), only where jobs should run.
 */
export async function createRuntime(
  config: Config,
  logger: Logger,
  options: {
    holder: string;
    clock?: Clock;
    database?: Database;
    mailTransport?: MailTransport | null;
    maintenance?: boolean;
  },
): Promise<Runtime> {
  const database = options.database ?? (await openDatabase(config, options.holder));
  try {
    await migrate(database);
    const jobs = new Jobs(database, logger);
    const mailTransport =
      options.mailTransport !== undefined
        ? options.mailTransport
        : config.smtpUrl
          ? smtpTransport(config.smtpUrl)
          : null;
    const deps: Deps = {
      config,
      database,
      db: database.db,
      clock: options.clock ?? systemClock,
      logger,
      jobs,
      mailTransport,
    };
    defineJobs(deps);
    await jobs.start({ maintenance: options.maintenance ?? true });
    return {
      ...deps,
      async close() {
        await jobs.stop();
        mailTransport?.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}

/** Every module's jobs and schedules, in one place. */
export function defineJobs(deps: Deps): void {
  defineNotificationJobs(deps, billingAttachmentRenderers(deps));
  defineAuthJobs(deps);
  defineBillingJobs(deps);
  defineSubscriptionJobs(deps);
  definePaymentJobs(deps);
  defineProvisioningJobs(deps);
}
