import { writeAudit, type Actor } from "../../../platform/audit.ts";
import type { Deps } from "../../../platform/context.ts";
import { servicePeriodsOfInvoice } from "../../billing/index.ts";
import { requestProvisioning } from "../../provisioning/index.ts";
import { serviceAfterPayment } from "../domain/renewal.ts";
import { lockService, updateServiceAfterPayment } from "../repo.ts";

const SYSTEM: Actor = { type: "system", name: "renewal" };

/**
 * An invoice was paid in full (billing's INVOICE_PAID_JOB, enqueued in the payment's
 * transaction): each service it bills is released, renewed or unsuspended (domain/renewal.ts),
 * audited, and its provisioning requested (create / unsuspend). Idempotent: a retried job finds the periods covered and changes nothing.
 */
export async function renewServicesOfPaidInvoice(
  deps: Pick<Deps, "db" | "clock" | "jobs">,
  documentId: string,
): Promise<{ serviceId: string; change: string }[]> {
  return deps.db.transaction().execute(async (tx) => {
    const lines = await servicePeriodsOfInvoice(tx, documentId);
    const out: { serviceId: string; change: string }[] = [];
    for (const line of lines) {
      if (line.status !== "paid" || !line.service_id) continue;
      const s = await lockService(tx, line.service_id);
      if (!s) continue;
      const outcome = serviceAfterPayment(
        { status: s.status, nextDueDate: s.next_due_date },
        { from: line.period_from, to: line.period_to },
      );
      if (outcome.change === "none") continue;
      await updateServiceAfterPayment(tx, s.id, { ...outcome.next, now: deps.clock.now() });
      await writeAudit(tx, deps.clock, SYSTEM, {
        action: `service.${outcome.change}`,
        subjectType: "service",
        subjectId: s.id,
        customerId: s.customer_id,
        data: {
          invoice: line.number,
          from: { status: s.status, nextDueDate: s.next_due_date },
          to: outcome.next,
        },
      });
      // Paying releases provisioning (I1); a renewal is passed on (a domain is renewed at the
      // registry); an unsuspended service is switched back on.
      await requestProvisioning(tx, deps, {
        serviceId: s.id,
        action: { released: "create", renewed: "renew", unsuspended: "unsuspend" }[
          outcome.change
        ] as "create" | "renew" | "unsuspend",
        actor: SYSTEM,
      });
      out.push({ serviceId: s.id, change: outcome.change });
    }
    return out;
  });
}
