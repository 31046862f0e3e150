import { localDate } from "../../platform/clock.ts";
import type { Deps } from "../../platform/context.ts";
import type { Db } from "../../platform/db/index.ts";
import { presentInvoiceSummary } from "./presenters.ts";
import { listDocumentsOfCustomer } from "./repo.ts";

export { registerBillingRoutes } from "./routes.ts";
export { invoiceSummarySchema } from "./presenters.ts";
export {
  issueDocument,
  SERIES,
  type IssueInput,
  type DocumentLineInput,
} from "./use-cases/issue-document.ts";
export { computeTotals } from "./domain/totals.ts";

export async function documentsForCustomer(
  db: Db,
  deps: Pick<Deps, "clock" | "config">,
  customerId: string,
) {
  const today = localDate(deps.clock.now(), deps.config.timeZone);
  return (await listDocumentsOfCustomer(db, customerId)).map((r) =>
    presentInvoiceSummary(r, today),
  );
}
