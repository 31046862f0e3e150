import type { paths } from "./schema";

// Types are taken from `paths` only (never `components`), so they survive regenerating schema.d.ts
// from the server's OpenAPI document whatever names it gives its schemas.
type JsonOk<P extends keyof paths, M extends "get" | "post" | "put"> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: { content: { "application/json": infer B } } }
    ? B
    : R extends { 201: { content: { "application/json": infer B } } }
      ? B
      : never
  : never;

export type SessionBody = JsonOk<"/api/auth/session", "get">;
export type SessionUser = SessionBody["user"];
export type Language = SessionUser["language"];

export type Service = JsonOk<"/api/me/services/{id}", "get">;
export type Money = Service["price"];

export type InvoiceSummary = JsonOk<"/api/me/invoices", "get">["items"][number];
export type InvoiceDetail = JsonOk<"/api/me/invoices/{id}", "get">;
export type InvoiceLine = InvoiceDetail["lines"][number];

export type CustomerListItem = JsonOk<"/api/staff/customers", "get">["items"][number];
export type CustomerDetail = JsonOk<"/api/staff/customers/{id}", "get">;

export type Job = JsonOk<"/api/staff/jobs", "get">["items"][number];
/** From the filter parameter: the list itself may type `state` as a plain string. */
export type JobState = NonNullable<
  NonNullable<paths["/api/staff/jobs"]["get"]["parameters"]["query"]>["state"]
>;

export type MailSummary = JsonOk<"/api/staff/mail", "get">["items"][number];

/** The JSON body of a request. */
type JsonBody<P extends keyof paths, M extends "post" | "put"> = paths[P][M] extends {
  requestBody: { content: { "application/json": infer B } };
}
  ? B
  : never;

type Query<P extends keyof paths> = NonNullable<
  paths[P] extends { get: { parameters: { query?: infer Q } } } ? Q : never
>;

export type DocumentKind = InvoiceSummary["kind"];
export type DocumentStatus = InvoiceSummary["status"];
export type CorrectionType = InvoiceSummary["correctionType"];
export type Party = InvoiceDetail["seller"];
export type VatBreakdownRow = InvoiceDetail["breakdown"][number];
export type MyDocumentsQuery = Query<"/api/me/invoices">;

export type AccountBalance = JsonOk<"/api/me/balance", "get">["items"][number];
export type Statement = JsonOk<"/api/me/statement", "get">;
export type StatementRow = Statement["rows"][number];
export type StatementCurrency = NonNullable<Query<"/api/me/statement">["currency"]>;

export type StaffDocument = JsonOk<"/api/staff/documents", "get">["items"][number];
export type StaffDocumentsQuery = Query<"/api/staff/documents">;
export type StaffDocumentDetail = JsonOk<"/api/staff/documents/{id}", "get">;
export type DocumentRelations = StaffDocumentDetail["relations"];
export type ExportFormat = NonNullable<Query<"/api/staff/documents/{id}/export">["format"]>;
export type ManualDocumentInput = JsonBody<"/api/staff/documents", "post">;
export type ManualDocumentLine = ManualDocumentInput["lines"][number];
export type CreditNoteInput = JsonBody<"/api/staff/documents/{id}/credit-notes", "post">;
export type CreditNoteResult = JsonOk<"/api/staff/documents/{id}/credit-notes", "post">;

export type Ledger = JsonOk<"/api/staff/customers/{id}/ledger", "get">;
export type LedgerTransaction = Ledger["transactions"][number];
export type VatCheck = JsonOk<"/api/staff/customers/{id}/vat-check", "post">;
export type VatCheckEvidence = JsonOk<
  "/api/staff/customers/{id}/vat-checks",
  "get"
>["items"][number];

export type VatRate = JsonOk<"/api/staff/vat-rates", "get">["items"][number];
export type NewVatRate = JsonBody<"/api/staff/vat-rates", "post">;
export type ExchangeRate = JsonOk<"/api/staff/exchange-rates", "get">["items"][number];
export type NewExchangeRate = JsonBody<"/api/staff/exchange-rates", "put">;
export type InvoicingSettingsBody = JsonOk<"/api/staff/settings/invoicing", "get">;
export type Seller = NonNullable<InvoicingSettingsBody["seller"]>;
export type InvoicingSettings = InvoicingSettingsBody["settings"];
export type InvoicingSettingsUpdate = JsonBody<"/api/staff/settings/invoicing", "put">;

export type PaymentOptions = JsonOk<"/api/me/payment-options", "get">;
export type PaymentGatewayOption = PaymentOptions["gateways"][number];
export type Checkout = JsonOk<"/api/me/checkouts/{id}", "get">;
export type CheckoutStatus = Checkout["status"];
export type MyPayment = JsonOk<"/api/me/payments", "get">["items"][number];
export type PaymentDetail = JsonOk<"/api/staff/payments/{id}", "get">;
export type PaymentAllocation = PaymentDetail["allocations"][number];
export type PaymentRefund = PaymentDetail["refunds"][number];
export type PaymentMethod = PaymentDetail["method"];
export type PaymentSource = PaymentDetail["source"];
export type StaffPayment = JsonOk<"/api/staff/payments", "get">["items"][number];
export type StaffPaymentsQuery = Query<"/api/staff/payments">;
export type ManualPaymentInput = JsonBody<"/api/staff/payments", "post">;
export type RefundInput = JsonBody<"/api/staff/payments/{id}/refunds", "post">;
export type RefundResult = JsonOk<"/api/staff/payments/{id}/refunds", "post">;
export type GatewayNotification = JsonOk<
  "/api/staff/gateway-notifications",
  "get"
>["items"][number];

export type BankImportReport = JsonOk<"/api/staff/bank/imports", "post">;
export type BankImportInput = JsonBody<"/api/staff/bank/imports", "post">;
export type BankStatementFormat = NonNullable<BankImportInput["format"]>;
export type BankImportSummary = JsonOk<"/api/staff/bank/imports", "get">["items"][number];
export type BankImportDetail = JsonOk<"/api/staff/bank/imports/{id}", "get">;
export type BankStatementSummary = BankImportDetail["statements"][number];
export type BankLine = JsonOk<"/api/staff/bank/queue", "get">["items"][number];
export type BankLineState = BankLine["state"];
export type BankLineCandidate = BankLine["candidates"][number];
export type BankLineAssignment = JsonBody<"/api/staff/bank/lines/{id}/assign", "post">;
