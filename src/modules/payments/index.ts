/**
 * Payments (E1–E4): card payments through gateways with hosted pages (the simulator, Stripe),
 * bank statement import and matching, manual payments, refunds. Money lands on documents through
 * billing's applyPayment; each payment is recorded once per origin.
 */
import type { Deps } from "../../platform/context.ts";
import { pollCheckouts } from "./use-cases/card.ts";

export const POLL_CHECKOUTS_JOB = "payments.poll-checkouts";

/** Jobs of the payments module: asking gateways about checkouts whose notification is late. */
export function definePaymentJobs(deps: Deps): void {
  deps.jobs.define<Record<string, never>>({
    name: POLL_CHECKOUTS_JOB,
    retryLimit: 0,
    concurrency: 1,
    expireInSeconds: 300,
    handler: async () => {
      await pollCheckouts(deps);
    },
  });
  deps.jobs.schedule({
    name: POLL_CHECKOUTS_JOB,
    cron: "* * * * *",
    timeZone: deps.config.timeZone,
  });
}

export { registerPaymentRoutes } from "./routes.ts";
export { receivePayment, type ReceivedMoney, type ReceiveResult } from "./use-cases/receive.ts";
export {
  startCheckout,
  handleNotification,
  applyGatewayEvent,
  checkoutOnReturn,
  pollCheckouts,
} from "./use-cases/card.ts";
export { recordManualPayment } from "./use-cases/manual.ts";
export { refundPayment } from "./use-cases/refund.ts";
export { gatewaysFor, useGateway, SimulatorGateway } from "./gateways/index.ts";
export {
  detectFormat,
  parseStatementFile,
  decodeStatementBytes,
  type StatementFileOptions,
} from "./domain/statements/parse.ts";
export { StatementParseError } from "./domain/statements/errors.ts";
export type { ParsedStatement, StatementEntry } from "./domain/statements/model.ts";
export {
  buildReferenceIndex,
  buildMatchContext,
  decideMatch,
  decideMatches,
  extractReferences,
  type MatchDecision,
  type MatchDocument,
  type MatchLine,
  type CustomerIdentity,
} from "./domain/matching.ts";
export {
  importStatement,
  type ImportReport,
  type ImportStatementInput,
  type StatementFormatName,
} from "./use-cases/import-statement.ts";
export { assignLine, dismissLine, type Assignment } from "./use-cases/bank-queue.ts";
export { registerBankRoutes, bankLinesByIds, presentImportReport } from "./routes-bank.ts";
