import { addMonths, localDate } from "../../platform/clock.ts";
import type { Deps } from "../../platform/context.ts";
import type { Db } from "../../platform/db/index.ts";
import { presentInvoiceSummary } from "./presenters.ts";
import { listDocuments } from "./repo.ts";
import { sendMonthlyStatements, STATEMENTS_JOB } from "./use-cases/monthly-statements.ts";

export { registerBillingRoutes } from "./routes.ts";
export { invoiceSummarySchema } from "./presenters.ts";
export { issueDocument, type IssueRequest, type LineRequest } from "./use-cases/issue-document.ts";
export { createCreditNote, type CreditNoteRequest } from "./use-cases/credit-note.ts";
export {
  issueInvoicesInBulk,
  issueInvoicesInTransaction,
  type SkippedRequest,
  BulkIssueError,
  type BulkInvoiceRequest,
  type BulkIssueOptions,
  type BulkIssueResult,
  type BulkIssuedDocument,
} from "./use-cases/bulk-issue.ts";
export {
  applyPayment,
  refundFromCredit,
  writeOffInvoice,
  reverseRefund,
  billingDataGapsOf,
  INVOICE_PAID_JOB,
  type PaymentToApply,
  type AppliedPayment,
  type ApplyFlag,
} from "./use-cases/apply-payment.ts";
export {
  servicePeriodsOf as servicePeriodsOfInvoice,
  lockDocument,
  findDocument,
  findCustomerForBilling,
} from "./repo.ts";
export { settleProforma, cancelProforma, supersedeProforma } from "./use-cases/proforma.ts";
export { verifyLedger, type LedgerReport } from "./use-cases/verify-ledger.ts";
export { documentFile, billingAttachmentRenderers, type ExportFormat } from "./use-cases/files.ts";
export {
  setExchangeRate,
  checkCustomerVatNumber,
  recordVatEvidence,
} from "./use-cases/vat-admin.ts";
export { buildStatement } from "./use-cases/statement.ts";
export {
  saveSeller,
  saveInvoicingSettings,
  getSeller,
  getInvoicingSettings,
  type Seller,
} from "./settings.ts";
export {
  billingDataGaps,
  type BillingDataField,
  type BillingDataInput,
} from "./domain/billing-data.ts";
// The offline identifier checks (pure), for the account's billing-data form.
export {
  checkFinnishBusinessId,
  checkFinnishOvt,
  checkHungarianTaxNumber,
  checkVatNumber,
  vatPrefixOf,
  luhnValid,
} from "./domain/vat-number.ts";
export { isKnownCountry } from "./domain/vat.ts";
export { computeTotals } from "./domain/totals.ts";
export { warmUpPdfFonts } from "./export/pdf.ts";
export { findDocumentByNumber, listDocuments } from "./repo.ts";

export async function documentsForCustomer(
  db: Db,
  deps: Pick<Deps, "clock" | "config">,
  customerId: string,
) {
  const today = localDate(deps.clock.now(), deps.config.timeZone);
  return (await listDocuments(db, { customerId, limit: 100 })).map((r) =>
    presentInvoiceSummary(r, today),
  );
}

/** Jobs of the billing module: the monthly account statement e-mail. */
export function defineBillingJobs(deps: Deps): void {
  deps.jobs.define<Record<string, never>>({
    name: STATEMENTS_JOB,
    retryLimit: 5,
    retryDelaySeconds: 300,
    concurrency: 1,
    handler: async () => {
      const today = localDate(deps.clock.now(), deps.config.timeZone);
      await sendMonthlyStatements(deps, addMonths(today, -1).slice(0, 7));
    },
  });
  // 06:00 on the 1st of every month, Budapest time: the previous month's statements.
  deps.jobs.schedule({ name: STATEMENTS_JOB, cron: "0 6 1 * *", timeZone: deps.config.timeZone });
}
