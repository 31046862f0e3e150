import type { Deps } from "../../platform/context.ts";
import { writeAudit, type Actor } from "../../platform/audit.ts";
import type { BillingCycle, Db, ServiceStatus } from "../../platform/db/index.ts";
import { newId } from "../../platform/ids.ts";
import type { Money } from "../../platform/money/index.ts";
import { presentService } from "./presenters.ts";
import { insertService, listServicesOfCustomer } from "./repo.ts";

import { INVOICE_PAID_JOB } from "../billing/index.ts";
import { renewServicesOfPaidInvoice } from "./use-cases/renew-paid.ts";

export { registerSubscriptionRoutes } from "./routes.ts";
export { renewServicesOfPaidInvoice } from "./use-cases/renew-paid.ts";
export { runBillingDay, type BillingRunReport } from "./use-cases/billing-run.ts";
import { BILLING_RUN_JOB, runBillingDay } from "./use-cases/billing-run.ts";
export { BILLING_RUN_JOB };

/**
 * Jobs of the subscriptions module: renewal / release when an invoice is paid, and the daily
 * billing run (05:00 in the provider's time zone; a missed day is caught up by the next run).
 */
export function defineSubscriptionJobs(deps: Deps): void {
  deps.jobs.define<{ runId?: string }>({
    name: BILLING_RUN_JOB,
    retryLimit: 3,
    retryDelaySeconds: 300,
    expireInSeconds: 4 * 3600,
    concurrency: 1,
    handler: async (data) => {
      await runBillingDay(
        deps,
        data.runId ? { trigger: "staff", runId: data.runId } : { trigger: "schedule" },
      );
    },
  });
  deps.jobs.schedule({ name: BILLING_RUN_JOB, cron: "0 5 * * *", timeZone: deps.config.timeZone });
  deps.jobs.define<{ documentId: string }>({
    name: INVOICE_PAID_JOB,
    retryLimit: 10,
    retryDelaySeconds: 30,
    concurrency: 2,
    handler: async (data) => {
      await renewServicesOfPaidInvoice(deps, data.documentId);
    },
  });
}
export { serviceSchema } from "./presenters.ts";
export { periodFrom as servicePeriod, type RecurringCycle } from "./domain/periods.ts";

export async function servicesForCustomer(db: Db, customerId: string) {
  return (await listServicesOfCustomer(db, customerId)).map(presentService);
}

export interface ServiceInput {
  customerId: string;
  productId: string;
  label: string | null;
  status: ServiceStatus;
  cycle: BillingCycle;
  price: Money;
  startDate: string;
  nextDueDate: string | null;
  /** The domain name the service is for (domains, hosting). */
  domain?: string | null;
}

/** Records a service (used by the demo and imports; ordering comes with the catalog issue). */
export async function addService(
  tx: Db,
  deps: Pick<Deps, "clock">,
  input: ServiceInput,
  actor: Actor,
): Promise<string> {
  const now = deps.clock.now();
  const id = newId("svc", now.getTime());
  await insertService(tx, {
    id,
    customerId: input.customerId,
    productId: input.productId,
    label: input.label,
    status: input.status,
    cycle: input.cycle,
    currency: input.price.currency,
    price: input.price.minor,
    startDate: input.startDate,
    nextDueDate: input.nextDueDate,
    domain: input.domain ?? null,
    now,
  });
  await writeAudit(tx, deps.clock, actor, {
    action: "service.created",
    subjectType: "service",
    subjectId: id,
    customerId: input.customerId,
    data: { status: input.status, cycle: input.cycle, price: input.price.toJSON() },
  });
  return id;
}
